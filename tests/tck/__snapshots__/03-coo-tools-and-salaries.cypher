// parameters: param0, param1
CYPHER 5
MATCH (this:Role)
WHERE this.id = $param0
WITH *

LIMIT $param1
CALL (this) {
  MATCH (this)-[this0:USES_TOOL]->(this1:Tool)
  WITH DISTINCT this1
  WITH this1 { .name, .category } AS this1
  ORDER BY this1.category ASC, this1.name ASC
  RETURN collect(this1) AS var2
}
CALL (this) {
  MATCH (this)-[this3:HAS_SALARY_BAND]->(this4:SalaryBand)
  WITH DISTINCT this4
  WITH this4 { .label, .minExperienceYears, .maxExperienceYears, .minAnnualGross, .maxAnnualGross, .currency, .country, .year, .note } AS this4
  ORDER BY this4.minExperienceYears ASC
  RETURN collect(this4) AS var5
}
RETURN this { .id, .title, tools: var2, salaryBands: var5 } AS this
