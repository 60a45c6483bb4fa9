// Statements of the seed pipeline (src/seed/write-batch.ts), one per node label and per
// relationship pattern. Each is run with $rows (a batch of rows) and $hash (the content hash of the
// seeds): MERGE makes loading idempotent, and the hash marks what this load wrote so that
// `prune` can remove what the seeds no longer contain, in the same transaction.
// A statement starts at a line `// name: <name>` and ends at the next one.

// name: node Source
UNWIND $rows AS row
MERGE (n:Source {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Role
UNWIND $rows AS row
MERGE (n:Role {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Skill
UNWIND $rows AS row
MERGE (n:Skill {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Tool
UNWIND $rows AS row
MERGE (n:Tool {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Sector
UNWIND $rows AS row
MERGE (n:Sector {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node EmployerType
UNWIND $rows AS row
MERGE (n:EmployerType {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Mission
UNWIND $rows AS row
MERGE (n:Mission {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Institution
UNWIND $rows AS row
MERGE (n:Institution {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Qualification
UNWIND $rows AS row
MERGE (n:Qualification {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node SalaryBand
UNWIND $rows AS row
MERGE (n:SalaryBand {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node Challenge
UNWIND $rows AS row
MERGE (n:Challenge {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node IscoGroup
UNWIND $rows AS row
MERGE (n:IscoGroup {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: node SkillGroup
UNWIND $rows AS row
MERGE (n:SkillGroup {id: row.id})
SET n = row, n.seedHash = $hash
RETURN count(n) AS written

// name: rel Role-REQUIRES_SKILL->Skill
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Skill {id: row.to})
MERGE (a)-[r:REQUIRES_SKILL]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-USES_TOOL->Tool
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Tool {id: row.to})
MERGE (a)-[r:USES_TOOL]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-WORKS_IN->Sector
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Sector {id: row.to})
MERGE (a)-[r:WORKS_IN]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-EMPLOYED_BY->EmployerType
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:EmployerType {id: row.to})
MERGE (a)-[r:EMPLOYED_BY]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-HAS_MISSION->Mission
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Mission {id: row.to})
MERGE (a)-[r:HAS_MISSION]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-REQUIRES_QUALIFICATION->Qualification
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Qualification {id: row.to})
MERGE (a)-[r:REQUIRES_QUALIFICATION]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-HAS_SALARY_BAND->SalaryBand
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:SalaryBand {id: row.to})
MERGE (a)-[r:HAS_SALARY_BAND]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-FACES->Challenge
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Challenge {id: row.to})
MERGE (a)-[r:FACES]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-PROGRESSES_TO->Role
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:PROGRESSES_TO]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-RATED_SKILL->Skill
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Skill {id: row.to})
MERGE (a)-[r:RATED_SKILL]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-RELATED_TO->Role
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:RELATED_TO]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Role-IN_GROUP->IscoGroup
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:IscoGroup {id: row.to})
MERGE (a)-[r:IN_GROUP]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Skill-IN_GROUP->SkillGroup
UNWIND $rows AS row
MATCH (a:Skill {id: row.from})
MATCH (b:SkillGroup {id: row.to})
MERGE (a)-[r:IN_GROUP]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel IscoGroup-BROADER->IscoGroup
UNWIND $rows AS row
MATCH (a:IscoGroup {id: row.from})
MATCH (b:IscoGroup {id: row.to})
MERGE (a)-[r:BROADER]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel SkillGroup-BROADER->SkillGroup
UNWIND $rows AS row
MATCH (a:SkillGroup {id: row.from})
MATCH (b:SkillGroup {id: row.to})
MERGE (a)-[r:BROADER]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: rel Qualification-OFFERED_BY->Institution
UNWIND $rows AS row
MATCH (a:Qualification {id: row.from})
MATCH (b:Institution {id: row.to})
MERGE (a)-[r:OFFERED_BY]->(b)
SET r = row.props, r.seedHash = $hash
RETURN count(r) AS written

// name: prune relationships
MATCH ()-[r]->()
WHERE r.seedHash IS NOT NULL AND r.seedHash <> $hash
DELETE r
RETURN count(*) AS removed

// name: prune nodes
MATCH (n)
WHERE n.seedHash IS NOT NULL AND n.seedHash <> $hash
DETACH DELETE n
RETURN count(*) AS removed

// Derived values (src/seed/derive.ts): recomputed after every load, and after anything else
// that writes roles or relationships (the synthetic benchmark generator).

// name: derive role counts
// Sizes of each role's skill, tool and sector sets, for the Jaccard indexes of relatedRoles.
MATCH (r:Role)
SET r.skillCount = COUNT { (r)-[:REQUIRES_SKILL]->(:Skill) },
  r.toolCount = COUNT { (r)-[:USES_TOOL]->(:Tool) },
  r.sectorCount = COUNT { (r)-[:WORKS_IN]->(:Sector) }
RETURN count(r) AS roles

// name: reset source contributions
MATCH (s:Source)
SET s.contributionTypes = [], s.contributionCounts = []
RETURN count(s) AS sources

// name: derive source contributions
// What each source contributed (relationships by type), for Source.contributions: one scan of
// every relationship per load instead of one per request.
MATCH ()-[r]->()
WHERE r.source IS NOT NULL
WITH r.source AS source, type(r) AS relationship, count(*) AS count
ORDER BY source, relationship
WITH source, collect(relationship) AS types, collect(count) AS counts
MATCH (s:Source {id: source})
SET s.contributionTypes = types, s.contributionCounts = counts
RETURN count(s) AS sources

// name: related role facts
// Every role's required skills, tools, sectors and the roles a source links to it (either
// direction; a move derived from the skills is not a link) with each link's confidence (null when
// it has none), read once by the ranking of related roles (src/seed/related-roles.ts).
MATCH (r:Role)
RETURN
  r.id AS id,
  COLLECT { MATCH (r)-[:REQUIRES_SKILL]->(s:Skill) RETURN s.id } AS skills,
  COLLECT { MATCH (r)-[:USES_TOOL]->(t:Tool) RETURN t.id } AS tools,
  COLLECT { MATCH (r)-[:WORKS_IN]->(x:Sector) RETURN x.id } AS sectors,
  COLLECT {
    MATCH (r)-[l:RELATED_TO|PROGRESSES_TO]-(c:Role)
    WHERE l.evidence IS NULL OR l.evidence <> "DERIVED"
    RETURN {id: c.id, confidence: l.confidence}
  } AS links

// name: store related roles
// Each role's related roles by the formula of Role.relatedRoles, best first, with their scores.
UNWIND $rows AS row
MATCH (r:Role {id: row.id})
SET r.relatedRoleIds = row.ids, r.relatedRoleScores = row.scores
RETURN count(r) AS written

// name: derive fan-out
// How many neighbours a node has, per label, relationship type and direction: the most, the 99th
// percentile, and the relationships in all; and how many nodes each label has. The cost model of
// the API (src/http/limits/cost.ts) prices nested lists and relationship filters with them.
// Read-only: the service runs it itself on a graph seeded before these figures existed.
CALL () {
  MATCH (a)-[r]->()
  WITH labels(a)[0] AS label, type(r) AS type, a, count(r) AS degree
  RETURN label, type, "OUT" AS direction, max(degree) AS max, percentileDisc(degree, 0.99) AS p99,
    sum(degree) AS total
  UNION ALL
  MATCH ()-[r]->(b)
  WITH labels(b)[0] AS label, type(r) AS type, b, count(r) AS degree
  RETURN label, type, "IN" AS direction, max(degree) AS max, percentileDisc(degree, 0.99) AS p99,
    sum(degree) AS total
}
WITH collect({label: label, type: type, direction: direction, max: max, p99: p99, total: total}) AS relationships
CALL () {
  MATCH (n)
  WITH labels(n)[0] AS label, count(*) AS nodes
  RETURN collect({label: label, nodes: nodes}) AS labels
}
RETURN relationships, labels

// name: store fan-out
// The figures above, as JSON on one node beside the seed state (properties cannot hold maps).
MERGE (s:DatasetStats {id: "fan-out"})
SET s.figures = $figures, s.derivedAt = datetime()
RETURN s.id AS id

// name: record state
MERGE (s:SeedState {id: "seeds"})
SET s.hash = $hash, s.loadedAt = datetime()
RETURN s.hash AS hash

// name: commit begins
// In a transaction of its own, just before a load's transaction commits. Neo4j isolates readers at
// "read committed" and applies a large commit to the store record by record, so a reader can see
// part of it; while `until` lies ahead, every request's version check treats what it read as
// possibly mixed and runs the request again (src/db/request-reads.ts). `until` bounds the mark if
// the loader dies before "commit ends".
MERGE (c:SeedCommit {id: "seeds"})
SET c.until = datetime() + duration({minutes: 2})
RETURN 1 AS written

// name: commit ends
// After the load's transaction has committed or rolled back.
MATCH (c:SeedCommit {id: "seeds"})
SET c.until = null
RETURN 1 AS written

// name: read state
OPTIONAL MATCH (s:SeedState {id: "seeds"})
RETURN s.hash AS hash
