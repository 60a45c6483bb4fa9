// Statements of the synthetic graph generator (generate.ts). Static and parameterised: each
// write takes $rows, a batch of at most 10,000 rows, and MERGEs, so that rerunning a batch after
// a failure changes nothing. Every synthetic node id starts with "syn-" and every synthetic
// relationship has source "synthetic", so nothing confuses them with the real data.

// name: read state
OPTIONAL MATCH (s:Source {id: "synthetic"})
RETURN s.syntheticScale AS scale, s.syntheticSeed AS seed

// name: record state
MATCH (s:Source {id: "synthetic"})
SET s.syntheticScale = $scale, s.syntheticSeed = $seed, s.syntheticLoadedAt = datetime()
RETURN s.id AS id

// name: ensure source
MERGE (s:Source {id: "synthetic"})
SET s.title = "Synthetic benchmark data",
  s.publisher = "Management Careers Graph (tests/bench/synthetic)",
  s.description = "Deterministic synthetic roles, skills, tools and links that grow the real graph for scaling benchmarks. Not real data."
RETURN s.id AS id

// name: real skills
// The real data only (no synthetic relationship counted), so that what the generator draws does
// not depend on how much was grown before.
MATCH (s:Skill)
WHERE NOT s.id STARTS WITH "syn-"
RETURN s.id AS id, COUNT { (s)<-[q:REQUIRES_SKILL]-(:Role) WHERE q.source <> "synthetic" } AS degree
ORDER BY id

// name: real tools
MATCH (t:Tool)
WHERE NOT t.id STARTS WITH "syn-"
RETURN t.id AS id, COUNT { (t)<-[q:USES_TOOL]-(:Role) WHERE q.source <> "synthetic" } AS degree
ORDER BY id

// name: real sectors
MATCH (x:Sector)
WHERE NOT x.id STARTS WITH "syn-"
RETURN x.id AS id, COUNT { (x)<-[q:WORKS_IN]-(:Role) WHERE q.source <> "synthetic" } AS degree
ORDER BY id

// name: real roles
MATCH (r:Role)
WHERE NOT r.id STARTS WITH "syn-"
RETURN
  r.id AS id,
  r.seniority AS seniority,
  COUNT { (r)-[q:REQUIRES_SKILL]->(:Skill) WHERE q.source <> "synthetic" } AS skills,
  COUNT { (r)-[q:USES_TOOL]->(:Tool) WHERE q.source <> "synthetic" } AS tools,
  COUNT { (r)-[q:WORKS_IN]->(:Sector) WHERE q.source <> "synthetic" } AS sectors
ORDER BY id

// name: node Skill
UNWIND $rows AS row
MERGE (n:Skill {id: row.id})
SET n = row
RETURN count(n) AS written

// name: node Tool
UNWIND $rows AS row
MERGE (n:Tool {id: row.id})
SET n = row
RETURN count(n) AS written

// name: node Sector
UNWIND $rows AS row
MERGE (n:Sector {id: row.id})
SET n = row
RETURN count(n) AS written

// name: node Role
UNWIND $rows AS row
MERGE (n:Role {id: row.id})
SET n = row
RETURN count(n) AS written

// name: node SalaryBand
UNWIND $rows AS row
MERGE (n:SalaryBand {id: row.id})
SET n = row
RETURN count(n) AS written

// name: rel REQUIRES_SKILL
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Skill {id: row.to})
MERGE (a)-[r:REQUIRES_SKILL]->(b)
SET r.essential = row.essential, r.source = "synthetic"
RETURN count(r) AS written

// name: rel USES_TOOL
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Tool {id: row.to})
MERGE (a)-[r:USES_TOOL]->(b)
SET r.source = "synthetic"
RETURN count(r) AS written

// name: rel WORKS_IN
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Sector {id: row.to})
MERGE (a)-[r:WORKS_IN]->(b)
SET r.source = "synthetic"
RETURN count(r) AS written

// name: rel HAS_SALARY_BAND
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:SalaryBand {id: row.to})
MERGE (a)-[r:HAS_SALARY_BAND]->(b)
SET r.source = "synthetic"
RETURN count(r) AS written

// name: rel PROGRESSES_TO
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:PROGRESSES_TO]->(b)
SET r.kind = row.kind, r.evidence = "DERIVED", r.typicalYears = row.typicalYears, r.source = "synthetic",
  r.note = "Synthetic benchmark edge."
RETURN count(r) AS written

// name: rel RELATED_TO
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:RELATED_TO]->(b)
SET r.source = "synthetic"
RETURN count(r) AS written

// name: totals
CALL () {
  MATCH (r:Role)
  RETURN count(r) AS roles
}
CALL () {
  MATCH (s:Skill)
  RETURN count(s) AS skills
}
CALL () {
  MATCH (t:Tool)
  RETURN count(t) AS tools
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
RETURN roles, skills, tools, relationships
