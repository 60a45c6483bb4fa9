import path from "node:path";
import type { Driver } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, statement } from "./cypher-files.js";
import { DatabaseDeadlineError, withDeadline } from "./driver.js";

export interface Readiness {
  ready: boolean;
  reason?: string;
  /** The dataset version the graph holds (the older name of `datasetVersion`, kept for clients). */
  seedHash?: string;
  /** The dataset version the graph holds. */
  datasetVersion?: string;
  /** The dataset version this service's code and seed files make (src/seed/dataset-version.ts). */
  expectedDatasetVersion?: string;
}

/** How much longer than its transaction timeout the probe waits before it answers "not ready". */
const PROBE_GRACE_MS = 1000;

/**
 * Builds the readiness probe: the database answers within `timeoutMs` and holds a loaded seed, of
 * the version `expectedVersion` when one is given (a graph of another version is "not ready", with
 * a reason that says what to run). The probe answers within `timeoutMs` + 1 s whatever the
 * database does.
 */
export function createReadinessCheck(
  driver: Driver,
  database: string,
  timeoutMs: number,
  expectedVersion?: string,
) {
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
      const expected = expectedVersion === undefined ? {} : { expectedDatasetVersion: expectedVersion };
      if (typeof seedHash !== "string") {
        return { ready: false, reason: "the graph has not been seeded: run `npm run seed`", ...expected };
      }
      const found = { seedHash, datasetVersion: seedHash, ...expected };
      if (expectedVersion !== undefined && seedHash !== expectedVersion) {
        return {
          ready: false,
          reason:
            `the graph holds dataset version ${seedHash} but this service expects ${expectedVersion} ` +
            "(its seed files or importer changed): run `npm run seed`",
          ...found,
        };
      }
      return { ready: true, ...found };
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
