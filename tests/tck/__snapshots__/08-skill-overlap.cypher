// parameters: ids
// Required skill ids of each role of $ids, for skillOverlap: no relationship property and no
// tool is read, which halves the work of an overlap of 50 large roles.
UNWIND $ids AS id
MATCH (r:Role {id: id})
RETURN id, COLLECT { MATCH (r)-[:REQUIRES_SKILL]->(s:Skill) RETURN s.id } AS skills

// parameters: ids
UNWIND $ids AS id
OPTIONAL MATCH (r:Role {id: id})
RETURN id, r IS NOT NULL AS found

// parameters: param0
CYPHER 5
MATCH (this:Skill)
WHERE this.id IN $param0
RETURN this { .name, __id: this.id } AS this
