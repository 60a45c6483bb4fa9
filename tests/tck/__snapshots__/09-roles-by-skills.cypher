// parameters: ids
UNWIND $ids AS id
OPTIONAL MATCH (s:Skill {id: id})
RETURN id, s IS NOT NULL AS found

// parameters: limit, match, skillIds
MATCH (r:Role)-[:REQUIRES_SKILL]->(s:Skill)
WHERE s.id IN $skillIds
WITH r, collect(DISTINCT s.id) AS matched
WHERE $match = "ANY" OR size(matched) = size($skillIds)
RETURN r.id AS id, matched, toFloat(size(matched)) / size($skillIds) AS coverage
ORDER BY coverage DESC, id ASC
LIMIT $limit

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id IN $param0
RETURN this { .id, .title, __id: this.id } AS this

// parameters: param0
CYPHER 5
MATCH (this:Skill)
WHERE this.id IN $param0
RETURN this { .name, __id: this.id } AS this
