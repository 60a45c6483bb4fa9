// Statements of the career-intelligence operations (src/schema/career/). Static and
// parameterised; every statement that serves a list of parents takes $ids and UNWINDs them, so a
// whole request's parents are answered by one query (DataLoader batches them).

// name: roles exist
UNWIND $ids AS id
OPTIONAL MATCH (r:Role {id: id})
RETURN id, r IS NOT NULL AS found

// name: skills exist
UNWIND $ids AS id
OPTIONAL MATCH (s:Skill {id: id})
RETURN id, s IS NOT NULL AS found

// name: related roles
// For each role of $ids: its best $limit related roles, scored as documented on Role.relatedRoles,
// best first (ties by id), with what they share.
// The ranking over the whole graph is computed at seed time (src/seed/related-roles.ts:
// relatedRoleIds, relatedRoleScores, best first): scoring every role that shares a skill, tool or
// sector per request visits most of the graph once a few skills are required by many roles. Here
// only the head of that ranking is rescored with the formula (down to one rounding unit below the
// $limit-th score, so a tie at the limit is broken by id exactly as over the whole graph); every
// pattern below starts from two known roles.
UNWIND $ids AS id
MATCH (r:Role {id: id})
WITH
  r,
  coalesce(r.relatedRoleIds, []) AS ranked,
  coalesce(r.relatedRoleScores, []) AS scores,
  COLLECT { MATCH (r)-[:REQUIRES_SKILL]->(s:Skill) RETURN s } AS ownSkills,
  COLLECT { MATCH (r)-[:USES_TOOL]->(t:Tool) RETURN t } AS ownTools,
  COLLECT { MATCH (r)-[:WORKS_IN]->(x:Sector) RETURN x } AS ownSectors
WITH
  r,
  ranked,
  scores,
  ownSkills,
  ownTools,
  ownSectors,
  CASE WHEN size(scores) > $limit THEN scores[$limit - 1] - 0.0001 ELSE -1.0 END AS floor
CALL (r, ranked, scores, floor, ownSkills, ownTools, ownSectors) {
  UNWIND range(0, size(ranked) - 1) AS i
  WITH i
  WHERE scores[i] >= floor
  MATCH (c:Role {id: ranked[i]})
  // Each candidate's own skills, tools and sectors against the asked role's, in memory: a
  // (r)-->(s)<--(c) pattern would test every popular skill's thousands of roles.
  RETURN
    c,
    COLLECT { MATCH (c)-[:REQUIRES_SKILL]->(s:Skill) WHERE s IN ownSkills RETURN s.id } AS skills,
    COLLECT { MATCH (c)-[:USES_TOOL]->(t:Tool) WHERE t IN ownTools RETURN t.id } AS tools,
    COLLECT { MATCH (c)-[:WORKS_IN]->(x:Sector) WHERE x IN ownSectors RETURN x.id } AS sectors,
    COLLECT { MATCH (r)-[l:PROGRESSES_TO]-(c) RETURN l.source } AS progressions,
    COLLECT { MATCH (r)-[l:RELATED_TO]-(c) RETURN l.source } AS relations,
    // The links a source states (a move derived from the skills is not one), with their confidence.
    COLLECT {
      MATCH (r)-[l:RELATED_TO|PROGRESSES_TO]-(c)
      WHERE l.evidence IS NULL OR l.evidence <> "DERIVED"
      RETURN {weight: coalesce(l.confidence, $weights.linkWithoutConfidence), evidence: l.evidence}
    } AS links
}
WITH
  r,
  c,
  skills,
  tools,
  sectors,
  progressions,
  relations,
  links,
  CASE WHEN r.skillCount + c.skillCount = 0 THEN 0.0
    ELSE toFloat(size(skills)) / (r.skillCount + c.skillCount - size(skills)) END AS jSkills,
  CASE WHEN r.toolCount + c.toolCount = 0 THEN 0.0
    ELSE toFloat(size(tools)) / (r.toolCount + c.toolCount - size(tools)) END AS jTools,
  CASE WHEN r.sectorCount + c.sectorCount = 0 THEN 0.0
    ELSE toFloat(size(sectors)) / (r.sectorCount + c.sectorCount - size(sectors)) END AS jSectors,
  reduce(m = 0.0, l IN links | CASE WHEN l.weight > m THEN toFloat(l.weight) ELSE m END) AS link
WITH
  r,
  c,
  skills,
  tools,
  sectors,
  progressions,
  relations,
  links,
  jSkills,
  jTools,
  jSectors,
  link,
  // Tools and sectors count in proportion to the shared skills (src/career/formulas.ts, contentGate).
  CASE WHEN jSkills >= $weights.contentGate THEN 1.0 ELSE jSkills / $weights.contentGate END AS gate
WITH
  r,
  c,
  skills,
  tools,
  sectors,
  progressions,
  relations,
  links,
  jSkills,
  jTools,
  jSectors,
  link,
  gate,
  // The weights are src/career/formulas.ts's RELATED_WEIGHTS, passed by the resolver; the same
  // operations in the same order as relatedScore().
  round($weights.skills * jSkills + gate * ($weights.tools * jTools + $weights.sectors * jSectors) + $weights.link * link, 4) AS score
ORDER BY score DESC, c.id ASC
WITH r, collect({
  id: c.id,
  score: score,
  sharedSkills: skills,
  sharedTools: tools,
  sharedSectors: sectors,
  relation: CASE WHEN size(progressions) > 0 THEN "PROGRESSION" WHEN size(relations) > 0 THEN "RELATED" ELSE "SIMILAR" END,
  linkSources: progressions + relations,
  components: {skills: round(jSkills, 4), tools: round(jTools, 4), sectors: round(jSectors, 4), link: round(link, 4), contentGate: round(gate, 4)},
  linkEvidence: [l IN links WHERE l.evidence IS NOT NULL | l.evidence]
})[0..$limit] AS related
RETURN r.id AS id, related

// name: search role keys
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

// name: career paths
// Up to $limit paths over progression edges with at most $maxSteps moves and no role repeated,
// shortest first ($rankBy SHORTEST) or most likely first ($rankBy LIKELIHOOD: the product of the
// moves' confidences, a move without one counting 0.5). The traversal is bounded: at most 6 moves
// and the 100 shortest paths, which are then ranked. The conditions sit inside the parenthesised
// pattern so that they filter paths before SHORTEST selects them.
MATCH (a:Role {id: $from}), (b:Role {id: $to})
MATCH
  p = SHORTEST 100 (
    (a) (()-[:PROGRESSES_TO]->(n:Role)){1,6} (b)
    WHERE size(n) <= $maxSteps AND NOT a IN n AND all(i IN range(0, size(n) - 2) WHERE NOT n[i] IN n[i + 1..])
  )
WITH p, reduce(c = 1.0, m IN relationships(p) | c * coalesce(m.confidence, 0.5)) AS likelihood
ORDER BY CASE WHEN $rankBy = "LIKELIHOOD" THEN -likelihood ELSE 0 END, length(p), [n IN nodes(p) | n.id]
LIMIT $limit
CALL (p) {
  UNWIND range(0, length(p) - 1) AS i
  WITH i, nodes(p)[i] AS f, nodes(p)[i + 1] AS t, relationships(p)[i] AS m
  ORDER BY i
  RETURN collect({
    from: f.id,
    to: t.id,
    kind: m.kind,
    evidence: m.evidence,
    source: m.source,
    typicalYears: m.typicalYears,
    confidence: m.confidence,
    levelStep: m.levelStep,
    note: m.note,
    essentialSkills: COLLECT { MATCH (t)-[q:REQUIRES_SKILL]->(s:Skill) WHERE q.essential RETURN s.id ORDER BY s.id }
  }) AS moves
}
RETURN
  [n IN nodes(p) | n.id] AS roles,
  moves,
  COLLECT { MATCH (a:Role {id: $from})-[:REQUIRES_SKILL]->(s:Skill) RETURN s.id } AS startSkills

// name: skill profiles
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

// name: skill sets
// Required skill ids of each role of $ids, for skillOverlap: no relationship property and no
// tool is read, which halves the work of an overlap of 50 large roles.
UNWIND $ids AS id
MATCH (r:Role {id: id})
RETURN id, COLLECT { MATCH (r)-[:REQUIRES_SKILL]->(s:Skill) RETURN s.id } AS skills

// name: roles by skills
MATCH (r:Role)-[:REQUIRES_SKILL]->(s:Skill)
WHERE s.id IN $skillIds
WITH r, collect(DISTINCT s.id) AS matched
WHERE $match = "ANY" OR size(matched) = size($skillIds)
RETURN r.id AS id, matched, toFloat(size(matched)) / size($skillIds) AS coverage
ORDER BY coverage DESC, id ASC
LIMIT $limit
