// Statements of the health endpoints (src/db/health.ts).

// name: ready
// The database answers and a seed load has completed.
OPTIONAL MATCH (s:SeedState {id: "seeds"})
RETURN s.hash AS seedHash
