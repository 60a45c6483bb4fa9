import path from "node:path";
import type { Driver } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, statement } from "./cypher-files.js";

export interface Readiness {
  ready: boolean;
  reason?: string;
  seedHash?: string;
}

/** Builds the readiness probe: the database answers within `timeoutMs` and holds a loaded seed. */
export function createReadinessCheck(driver: Driver, database: string, timeoutMs: number) {
  const cypher = statement(readNamedStatements(path.join(GRAPH_DIR, "queries", "health.cypher")), "ready");
  return async (): Promise<Readiness> => {
    try {
      const session = driver.session({ database, defaultAccessMode: "READ" });
      try {
        const result = await session.executeRead((tx) => tx.run(cypher), { timeout: timeoutMs });
        const seedHash: unknown = result.records[0]?.get("seedHash");
        if (typeof seedHash !== "string") return { ready: false, reason: "the graph has not been seeded" };
        return { ready: true, seedHash };
      } finally {
        await session.close();
      }
    } catch {
      return { ready: false, reason: "the database is unreachable" };
    }
  };
}
