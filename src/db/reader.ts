import type { Driver } from "neo4j-driver";

export type Row = Record<string, unknown>;

/** Runs one static, parameterised read query in a read transaction with a timeout. */
export type Reader = (cypher: string, params: Record<string, unknown>) => Promise<Row[]>;

export function createReader(driver: Driver, database: string, timeoutMs: number): Reader {
  return async (cypher, params) => {
    const session = driver.session({ database, defaultAccessMode: "READ" });
    try {
      const result = await session.executeRead((tx) => tx.run(cypher, params), { timeout: timeoutMs });
      return result.records.map((r) => r.toObject() as Row);
    } finally {
      await session.close();
    }
  };
}
