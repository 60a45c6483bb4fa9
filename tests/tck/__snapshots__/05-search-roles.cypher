// parameters: limit, query
CALL db.index.fulltext.queryNodes("role_titles", $query, {limit: $limit})
YIELD node, score
RETURN node.id AS id, node.title AS title, node.alternativeTitles AS alternativeTitles, score
ORDER BY score DESC, id ASC

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id IN $param0
RETURN this { .id, .title, __id: this.id } AS this
