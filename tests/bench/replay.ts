/**
 * Replays recorded statements the way the service ran them: one session and one managed
 * transaction per statement, with the recorded access mode, bookmark manager and transaction
 * settings. Shared by the L2 handler and the L0 database-time measurement.
 */
import type { Driver, ManagedTransaction, QueryResult } from "neo4j-driver";
import { decodeParams, type ReplayStatement } from "./recording.js";

export interface Prepared {
  cypher: string;
  params: Record<string, unknown>;
  accessMode: "READ" | "WRITE";
  bookmarks: boolean;
  txConfig: ReplayStatement["txConfig"];
}

export async function runStatement(driver: Driver, database: string, s: Prepared): Promise<QueryResult> {
  const session = driver.session({
    database,
    defaultAccessMode: s.accessMode,
    ...(s.bookmarks ? { bookmarkManager: driver.executeQueryBookmarkManager } : {}),
  });
  try {
    const work = async (tx: ManagedTransaction): Promise<QueryResult> => tx.run(s.cypher, s.params);
    return s.accessMode === "READ"
      ? await session.executeRead(work, s.txConfig)
      : await session.executeWrite(work, s.txConfig);
  } finally {
    await session.close();
  }
}

export function prepare(waves: ReplayStatement[][]): Prepared[][] {
  return waves.map((wave) =>
    wave.map((s) => ({ ...s, params: decodeParams(s.params) as Record<string, unknown> })),
  );
}
