// parameters: ids, limit
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

// parameters: param0
CYPHER 5
MATCH (this:Role)
WHERE this.id = $param0
RETURN this { .id, .title } AS this

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
