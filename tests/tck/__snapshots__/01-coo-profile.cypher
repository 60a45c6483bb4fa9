// parameters: param0, param1
CYPHER 5
MATCH (this:Role)
WHERE this.id = $param0
WITH *

LIMIT $param1
CALL (this) {
  MATCH (this)-[this0:HAS_MISSION]->(this1:Mission)
  WITH DISTINCT this1
  WITH this1 { .title, .description } AS this1
  RETURN collect(this1) AS var2
}
CALL (this) {
  MATCH (this)-[this3:REQUIRES_SKILL]->(this4:Skill)
  WITH collect({node: this4, relationship: this3}) AS edges
  CALL (edges) {
    UNWIND edges AS edge
    WITH edge.node AS this4, edge.relationship AS this3
    WITH *
    ORDER BY this4.name ASC
    RETURN collect({properties: {essential: this3.essential, source: this3.source, __resolveType: 'RequiresSkill'}, node: {id: this4.id, name: this4.name, kind: this4.kind, __resolveType: 'Skill'}}) AS var5
  }
  RETURN {edges: var5} AS var6
}
CALL (this) {
  MATCH (this)-[this7:WORKS_IN]->(this8:Sector)
  WITH DISTINCT this8
  WITH this8 { .name, .description } AS this8
  RETURN collect(this8) AS var9
}
CALL (this) {
  MATCH (this)-[this10:EMPLOYED_BY]->(this11:EmployerType)
  WITH DISTINCT this11
  WITH this11 { .name } AS this11
  RETURN collect(this11) AS var12
}
CALL (this) {
  MATCH (this)-[this13:REQUIRES_QUALIFICATION]->(this14:Qualification)
  WITH DISTINCT this14
  CALL (this14) {
    MATCH (this14)-[this15:OFFERED_BY]->(this16:Institution)
    WITH DISTINCT this16
    WITH this16 { .name } AS this16
    RETURN collect(this16) AS var17
  }
  WITH this14 { .name, .level, offeredBy: var17 } AS this14
  RETURN collect(this14) AS var18
}
CALL (this) {
  MATCH (this)-[this19:FACES]->(this20:Challenge)
  WITH DISTINCT this20
  WITH this20 { .title } AS this20
  RETURN collect(this20) AS var21
}
CALL (this) {
  MATCH (this)-[this22:RELATED_TO]->(this23:Role)
  WITH DISTINCT this23
  WITH this23 { .id, .title } AS this23
  RETURN collect(this23) AS var24
}
RETURN this { .id, .title, .alternativeTitles, .seniority, .summary, .educationNote, missions: var2, skillsConnection: var6, sectors: var9, employerTypes: var12, qualifications: var18, challenges: var21, relatedTo: var24 } AS this
