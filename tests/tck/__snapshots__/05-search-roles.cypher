// parameters: candidates, query
// Candidates for role search: the roles whose normalised title keys (computed at seed time,
// src/seed/search-keys.ts) match the words of any reading of the search; the service ranks them
// (src/schema/career/search.ts). Ordered by id among equal scores, so the cut is deterministic.
CALL db.index.fulltext.queryNodes("role_search_keys", $query)
YIELD node, score
WITH node, score
ORDER BY score DESC, node.id ASC
LIMIT $candidates
RETURN
  node.id AS id,
  score,
  coalesce(node.searchKeys, []) AS keys,
  coalesce(node.searchKeyTitles, []) AS titles,
  coalesce(node.searchKeyKinds, []) AS kinds,
  coalesce(node.searchKeyLangs, []) AS langs,
  coalesce(node.searchKeyCounts, []) AS counts,
  coalesce(node.searchAcronyms, []) AS acronyms,
  coalesce(node.searchCurated, false) AS curated

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id IN $param0
RETURN this { .id, .title, __id: this.id } AS this
