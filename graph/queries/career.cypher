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
// For each role of $ids: every role sharing a skill, tool or sector with it or linked to it, with
// what they share; scored as documented on Role.relatedRoles, best $limit first (ties by id).
UNWIND $ids AS id
MATCH (r:Role {id: id})
CALL (r) {
  MATCH (r)-[:REQUIRES_SKILL]->(s:Skill)<-[:REQUIRES_SKILL]-(c:Role)
  WHERE c <> r
  RETURN c, "skill" AS kind, s.id AS item
  UNION ALL
  MATCH (r)-[:USES_TOOL]->(t:Tool)<-[:USES_TOOL]-(c:Role)
  WHERE c <> r
  RETURN c, "tool" AS kind, t.id AS item
  UNION ALL
  MATCH (r)-[:WORKS_IN]->(x:Sector)<-[:WORKS_IN]-(c:Role)
  WHERE c <> r
  RETURN c, "sector" AS kind, x.id AS item
  UNION ALL
  MATCH (r)-[l:RELATED_TO|PROGRESSES_TO]-(c:Role)
  WHERE c <> r
  RETURN c, type(l) AS kind, l.source AS item
}
WITH r, c, collect([kind, item]) AS facts
WITH
  r,
  c,
  [f IN facts WHERE f[0] = "skill" | f[1]] AS skills,
  [f IN facts WHERE f[0] = "tool" | f[1]] AS tools,
  [f IN facts WHERE f[0] = "sector" | f[1]] AS sectors,
  [f IN facts WHERE f[0] = "PROGRESSES_TO" | f[1]] AS progressions,
  [f IN facts WHERE f[0] = "RELATED_TO" | f[1]] AS relations
WITH
  r,
  c,
  skills,
  tools,
  sectors,
  progressions,
  relations,
  CASE WHEN r.skillCount + c.skillCount = 0 THEN 0.0
    ELSE toFloat(size(skills)) / (r.skillCount + c.skillCount - size(skills)) END AS jSkills,
  CASE WHEN r.toolCount + c.toolCount = 0 THEN 0.0
    ELSE toFloat(size(tools)) / (r.toolCount + c.toolCount - size(tools)) END AS jTools,
  CASE WHEN r.sectorCount + c.sectorCount = 0 THEN 0.0
    ELSE toFloat(size(sectors)) / (r.sectorCount + c.sectorCount - size(sectors)) END AS jSectors
WITH
  r,
  c,
  skills,
  tools,
  sectors,
  progressions,
  relations,
  round(
    0.5 * jSkills + 0.2 * jTools + 0.1 * jSectors + CASE WHEN size(progressions) + size(relations) > 0 THEN 0.2 ELSE 0.0 END,
    4
  ) AS score
ORDER BY score DESC, c.id ASC
WITH r, collect({
  id: c.id,
  score: score,
  sharedSkills: skills,
  sharedTools: tools,
  sharedSectors: sectors,
  relation: CASE WHEN size(progressions) > 0 THEN "PROGRESSION" WHEN size(relations) > 0 THEN "RELATED" ELSE "SIMILAR" END,
  linkSources: progressions + relations
})[0..$limit] AS related
RETURN r.id AS id, related

// name: search roles
// Every hit is ranked here, not cut by the index, so that ties at the limit are broken by id.
CALL db.index.fulltext.queryNodes("role_titles", $query)
YIELD node, score
WITH node, score
ORDER BY score DESC, node.id ASC
LIMIT $limit
RETURN node.id AS id, node.title AS title, node.alternativeTitles AS alternativeTitles, score

// name: career paths
// Up to $limit shortest paths over progression edges with at most $maxSteps moves and no role
// repeated. The traversal is bounded: at most 6 moves and the 100 shortest paths. The conditions
// sit inside the parenthesised pattern so that they filter paths before SHORTEST selects them.
MATCH (a:Role {id: $from}), (b:Role {id: $to})
MATCH
  p = SHORTEST 100 (
    (a) (()-[:PROGRESSES_TO]->(n:Role)){1,6} (b)
    WHERE size(n) <= $maxSteps AND NOT a IN n AND all(i IN range(0, size(n) - 2) WHERE NOT n[i] IN n[i + 1..])
  )
WITH p
ORDER BY length(p), [n IN nodes(p) | n.id]
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

// name: roles by skills
MATCH (r:Role)-[:REQUIRES_SKILL]->(s:Skill)
WHERE s.id IN $skillIds
WITH r, collect(DISTINCT s.id) AS matched
WHERE $match = "ANY" OR size(matched) = size($skillIds)
RETURN r.id AS id, matched, toFloat(size(matched)) / size($skillIds) AS coverage
ORDER BY coverage DESC, id ASC
LIMIT $limit
