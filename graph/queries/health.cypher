// Statements of the health endpoints (src/db/health.ts).

// name: ready
// The database answers and a seed load has completed.
OPTIONAL MATCH (s:SeedState {id: "seeds"})
RETURN s.hash AS seedHash

// name: dataset version
// The dataset version the graph holds (src/db/request-reads.ts): read at the start and the end of
// every request's read transaction.
OPTIONAL MATCH (s:SeedState {id: "seeds"})
RETURN s.hash AS version
