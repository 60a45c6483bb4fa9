import path from "node:path";
import type { Driver, ManagedTransaction } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, statement } from "../db/cypher-files.js";
import type { Logger } from "../logger.js";
import { deriveFigures, storeFiguresStatement } from "../limits/fan-out.js";
import { deriveRelatedRoles } from "./related-roles.js";

/** Runs a statement inside a transaction (an explicit one or a managed one). */
export type QueryRunner = Pick<ManagedTransaction, "run">;

interface Statements {
  named: ReadonlyMap<string, string>;
}

/**
 * Recomputes, in the caller's transaction, every value derived from the graph rather than read
 * from a seed file: each role's skill, tool and sector counts, each source's contributions, each
 * role's ranking of related roles, and the graph's fan-out (for the API's cost model). The seed pipeline runs it in its load transaction; anything
 * else that writes roles or relationships (the synthetic benchmark generator) runs `deriveGraph`.
 */
export async function deriveInTransaction(
  tx: QueryRunner,
  statements: Statements,
  logger?: Logger,
): Promise<{ roles: number }> {
  const started = performance.now();
  const run = (name: string) => tx.run(statement(statements.named, name));
  const { records } = await run("derive role counts");
  await run("reset source contributions");
  await run("derive source contributions");
  await deriveRelatedRoles(tx, statements.named, logger);
  await deriveFanOut(tx);
  const roles = Number(records[0]?.get("roles") ?? 0);
  logger?.info({ roles, millis: Math.round(performance.now() - started) }, "derived values recomputed");
  return { roles };
}

/**
 * The same derivations for writers other than the seed pipeline, which run alone: each step in
 * transactions of its own (the rankings in batches), so that none is bounded by the size of the
 * graph; at scale L the rankings alone are about two million list entries.
 */
export async function deriveGraph(
  driver: Driver,
  database: string,
  logger?: Logger,
): Promise<{ roles: number }> {
  const started = performance.now();
  const named = readNamedStatements(path.join(GRAPH_DIR, "queries", "seed.cypher"));
  const session = driver.session({ database, defaultAccessMode: "WRITE" });
  try {
    const { records } = await session.executeWrite((tx) => tx.run(statement(named, "derive role counts")));
    await session.executeWrite(async (tx) => {
      await tx.run(statement(named, "reset source contributions"));
      await tx.run(statement(named, "derive source contributions"));
    });
    const autoCommit = (cypher: string, params: Record<string, unknown>) =>
      driver.executeQuery(cypher, params, { database });
    const reader = driver.session({ database, defaultAccessMode: "READ" });
    try {
      await reader.executeRead((tx) => deriveRelatedRoles(tx, named, logger, autoCommit), {
        timeout: 10 * 60_000,
      });
    } finally {
      await reader.close();
    }
    await session.executeWrite((tx) => deriveFanOut(tx));
    const roles = Number(records[0]?.get("roles") ?? 0);
    logger?.info({ roles, millis: Math.round(performance.now() - started) }, "derived values recomputed");
    return { roles };
  } finally {
    await session.close();
  }
}

/** The graph's fan-out per label, relationship type and direction, stored for the cost model. */
async function deriveFanOut(tx: QueryRunner): Promise<void> {
  const figures = await deriveFigures((cypher) => tx.run(cypher));
  await tx.run(storeFiguresStatement(), { figures: JSON.stringify(figures) });
}
