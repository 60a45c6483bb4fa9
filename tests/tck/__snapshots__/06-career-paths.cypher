// parameters: from, limit, maxSteps, rankBy, to
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

// parameters: ids
UNWIND $ids AS id
OPTIONAL MATCH (r:Role {id: id})
RETURN id, r IS NOT NULL AS found

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
