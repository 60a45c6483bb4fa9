import path from "node:path";
import type { Driver } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, statement } from "./cypher-files.js";
import { DatabaseDeadlineError, withDeadline } from "./driver.js";

export interface Readiness {
  ready: boolean;
  reason?: string;
  seedHash?: string;
}

/** How much longer than its transaction timeout the probe waits before it answers "not ready". */
const PROBE_GRACE_MS = 1000;

/**
 * Builds the readiness probe: the database answers within `timeoutMs` and holds a loaded seed.
 * The probe itself answers within `timeoutMs` + 1 s whatever the database does.
 */
export function createReadinessCheck(driver: Driver, database: string, timeoutMs: number) {
  const cypher = statement(readNamedStatements(path.join(GRAPH_DIR, "queries", "health.cypher")), "ready");
  return async (): Promise<Readiness> => {
    const session = driver.session({ database, defaultAccessMode: "READ" });
    let abandoned = false;
    try {
      const result = await withDeadline(
        session.executeRead((tx) => tx.run(cypher), { timeout: timeoutMs }),
        timeoutMs + PROBE_GRACE_MS,
        "readiness probe",
      );
      const seedHash: unknown = result.records[0]?.get("seedHash");
      if (typeof seedHash !== "string") return { ready: false, reason: "the graph has not been seeded" };
      return { ready: true, seedHash };
    } catch (error) {
      abandoned = error instanceof DatabaseDeadlineError;
      return {
        ready: false,
        reason: abandoned ? "the database did not answer in time" : "the database is unreachable",
      };
    } finally {
      if (abandoned) session.close().catch(() => {});
      else await session.close().catch(() => {});
    }
  };
}
