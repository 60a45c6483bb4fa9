// parameters: limit, query
// Every hit is ranked here, not cut by the index, so that ties at the limit are broken by id.
CALL db.index.fulltext.queryNodes("role_titles", $query)
YIELD node, score
WITH node, score
ORDER BY score DESC, node.id ASC
LIMIT $limit
RETURN node.id AS id, node.title AS title, node.alternativeTitles AS alternativeTitles, score

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id IN $param0
RETURN this { .id, .title, __id: this.id } AS this
