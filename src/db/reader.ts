import type { Driver } from "neo4j-driver";
import { DEADLINE_GRACE_MS, DatabaseDeadlineError, withDeadline } from "./driver.js";
import type { RequestReads } from "./request-reads.js";

export type Row = Record<string, unknown>;

/** Runs one static, parameterised read query in a read transaction with a timeout. */
export type Reader = (cypher: string, params: Record<string, unknown>) => Promise<Row[]>;

/**
 * The reader of the custom operations. Every query runs in a read transaction whose timeout
 * (`timeoutMs`) the server enforces; the service itself stops waiting `DEADLINE_GRACE_MS` later,
 * so that a database that stopped answering altogether still yields SERVICE_UNAVAILABLE quickly.
 */
export function createReader(driver: Driver, database: string, timeoutMs: number): Reader {
  return async (cypher, params) => {
    const session = driver.session({ database, defaultAccessMode: "READ" });
    let abandoned = false;
    try {
      const result = await withDeadline(
        session.executeRead((tx) => tx.run(cypher, params), { timeout: timeoutMs }),
        timeoutMs + DEADLINE_GRACE_MS,
        "read query",
      );
      return result.records.map((r) => r.toObject() as Row);
    } catch (error) {
      abandoned = error instanceof DatabaseDeadlineError;
      throw error;
    } finally {
      // A session on a connection that does not answer would make close() wait as long: let it
      // close in the background once the driver gives up on the connection.
      if (abandoned) session.close().catch(() => {});
      else await session.close();
    }
  };
}

/**
 * The reader of one request: its queries run through the request's reads (RequestReads, which
 * checks the dataset version), with the same deadline as `createReader`'s. A deadline that passes
 * marks the request's reads as abandoned.
 */
export function createRequestReader(reads: RequestReads, timeoutMs: number): Reader {
  return async (cypher, params) => {
    try {
      const result = await withDeadline(
        reads.run(cypher, params),
        timeoutMs + DEADLINE_GRACE_MS,
        "read query",
      );
      return result.records.map((r) => r.toObject() as Row);
    } catch (error) {
      if (error instanceof DatabaseDeadlineError) reads.abandon();
      throw error;
    }
  };
}
