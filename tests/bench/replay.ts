/**
 * Replays recorded transactions the way the service ran them: one session and one managed
 * transaction each, its statements sent together, with the recorded access mode, bookmark manager
 * and transaction settings. Shared by the L2 handler and the L0 database-time measurement.
 */
import type { Driver, ManagedTransaction, QueryResult } from "neo4j-driver";
import { decodeParams, type ReplayTransaction } from "./recording.js";

export interface Prepared {
  statements: { cypher: string; params: Record<string, unknown> }[];
  accessMode: "READ" | "WRITE";
  bookmarks: boolean;
  txConfig: ReplayTransaction["txConfig"];
}

/** Runs one recorded transaction; resolves with its statements' results, in order. */
export async function runTransaction(driver: Driver, database: string, s: Prepared): Promise<QueryResult[]> {
  const session = driver.session({
    database,
    defaultAccessMode: s.accessMode,
    ...(s.bookmarks ? { bookmarkManager: driver.executeQueryBookmarkManager } : {}),
  });
  try {
    const work = async (tx: ManagedTransaction): Promise<QueryResult[]> =>
      Promise.all(s.statements.map((q) => tx.run(q.cypher, q.params)));
    return s.accessMode === "READ"
      ? await session.executeRead(work, s.txConfig)
      : await session.executeWrite(work, s.txConfig);
  } finally {
    await session.close();
  }
}

export function prepare(waves: ReplayTransaction[][]): Prepared[][] {
  return waves.map((wave) =>
    wave.map((s) => ({
      ...s,
      statements: s.statements.map((q) => ({
        cypher: q.cypher,
        params: decodeParams(q.params) as Record<string, unknown>,
      })),
    })),
  );
}
