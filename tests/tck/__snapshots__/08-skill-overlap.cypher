// parameters: ids
// Required skills (with essential and importance) and tools of each role of $ids.
UNWIND $ids AS id
MATCH (r:Role {id: id})
RETURN
  id,
  COLLECT {
    MATCH (r)-[q:REQUIRES_SKILL]->(s:Skill)
    RETURN {id: s.id, essential: q.essential, importance: q.importance}
  } AS skills,
  COLLECT { MATCH (r)-[:USES_TOOL]->(t:Tool) RETURN t.id } AS tools

// parameters: ids
UNWIND $ids AS id
OPTIONAL MATCH (r:Role {id: id})
RETURN id, r IS NOT NULL AS found

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id IN $param0
RETURN this { .id, __id: this.id } AS this

// parameters: param0
CYPHER 5
MATCH (this:Skill)
WHERE this.id IN $param0
RETURN this { .name, __id: this.id } AS this
