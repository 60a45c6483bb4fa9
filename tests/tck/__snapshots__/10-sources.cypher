// parameters: none
CYPHER 5
MATCH (this:Source)
WITH *
ORDER BY this.id ASC
CALL (this) {
  CALL (this) {
    WITH this AS this
    MATCH ()-[r]->() WHERE r.source = this.id
    WITH type(r) AS relationship, count(*) AS count
    ORDER BY relationship
    RETURN { relationship: relationship, count: count } AS contributions
  }
  WITH contributions AS this0
  RETURN collect(this0) AS var1
}
RETURN this { .id, .title, .publisher, .version, .license, .attribution, contributions: var1 } AS this
