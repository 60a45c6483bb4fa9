// Statements of the health endpoints (src/db/health.ts).

// name: ready
// The database answers and a seed load has completed.
OPTIONAL MATCH (s:SeedState {id: "seeds"})
RETURN s.hash AS seedHash

// name: dataset version
// The dataset version the graph holds (src/db/request-reads.ts): read at the start of every
// query's read transaction and once more after a request's last query. `loadedAt` tells two loads
// of the same version apart (a reload from A to B and back to A); `committing` is true while a
// load's transaction is being committed, when a reader can see part of it (graph/queries/seed.cypher,
// "commit begins").
OPTIONAL MATCH (s:SeedState {id: "seeds"})
OPTIONAL MATCH (c:SeedCommit {id: "seeds"})
RETURN s.hash AS version, toString(s.loadedAt) AS loadedAt, coalesce(c.until > datetime(), false) AS committing
