// parameters: param0
CYPHER 5
MATCH (this:Source)
WITH *
ORDER BY this.id ASC
LIMIT $param0
CALL (this) {
  CALL (this) {
    WITH this AS this
    UNWIND range(0, size(coalesce(this.contributionTypes, [])) - 1) AS i
    RETURN { relationship: this.contributionTypes[i], count: this.contributionCounts[i] } AS contributions
  }
  WITH contributions AS this0
  RETURN collect(this0) AS var1
}
RETURN this { .id, .title, .publisher, .version, .license, .attribution, contributions: var1 } AS this
