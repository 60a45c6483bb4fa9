// parameters: ids, limit, weights
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

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id IN $param0
RETURN this { .id, .title, __id: this.id } AS this

// parameters: param0
CYPHER 5
MATCH (this:Sector)
WHERE this.id IN $param0
RETURN this { .name, __id: this.id } AS this

// parameters: param0
CYPHER 5
MATCH (this:Skill)
WHERE this.id IN $param0
RETURN this { .name, __id: this.id } AS this

// parameters: param0
CYPHER 5
MATCH (this:Tool)
WHERE this.id IN $param0
RETURN this { .name, __id: this.id } AS this

// parameters: param0, param1
CYPHER 5
MATCH (this:Role)
WHERE this.id = $param0
WITH *

LIMIT $param1
RETURN this { .id, .title } AS this
