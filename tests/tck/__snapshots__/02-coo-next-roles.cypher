// parameters: param0, param1
CYPHER 5
MATCH (this:Role)
WHERE this.id = $param0
WITH *

LIMIT $param1
CALL (this) {
  MATCH (this)-[this0:PROGRESSES_TO]->(this1:Role)
  WITH collect({node: this1, relationship: this0}) AS edges
  CALL (edges) {
    UNWIND edges AS edge
    WITH edge.node AS this1, edge.relationship AS this0
    RETURN collect({properties: {kind: this0.kind, evidence: this0.evidence, typicalYears: this0.typicalYears, source: this0.source, note: this0.note, __resolveType: 'Progression'}, node: {id: this1.id, title: this1.title, __resolveType: 'Role'}}) AS var2
  }
  RETURN {edges: var2} AS var3
}
CALL (this) {
  MATCH (this)<-[this4:PROGRESSES_TO]-(this5:Role)
  WITH collect({node: this5, relationship: this4}) AS edges
  CALL (edges) {
    UNWIND edges AS edge
    WITH edge.node AS this5, edge.relationship AS this4
    RETURN collect({properties: {kind: this4.kind, evidence: this4.evidence, source: this4.source, __resolveType: 'Progression'}, node: {id: this5.id, title: this5.title, __resolveType: 'Role'}}) AS var6
  }
  RETURN {edges: var6} AS var7
}
RETURN this { .id, .title, nextRolesConnection: var3, previousRolesConnection: var7 } AS this
