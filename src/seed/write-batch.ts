import path from "node:path";
import type { Driver } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, readStatements, statement } from "../db/cypher-files.js";
import type { Logger } from "../logger.js";
import { deriveInTransaction } from "./derive.js";
import { NODE_LABELS, type GraphBatch, type Props } from "./graph-batch.js";

const CHUNK = 5000;

export interface SeedStatements {
  named: ReadonlyMap<string, string>;
  constraints: string[];
}

export function loadSeedStatements(): SeedStatements {
  return {
    named: readNamedStatements(path.join(GRAPH_DIR, "queries", "seed.cypher")),
    constraints: readStatements(path.join(GRAPH_DIR, "constraints.cypher")),
  };
}

/** Creates the constraints and indexes of graph/constraints.cypher (idempotent) and waits for them. */
export async function applyConstraints(
  driver: Driver,
  database: string,
  statements: SeedStatements,
): Promise<void> {
  for (const cypher of statements.constraints) {
    await driver.executeQuery(cypher, {}, { database });
  }
  await driver.executeQuery("CALL db.awaitIndexes(120)", {}, { database });
}

function clean(props: Props): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v === undefined ? null : v]));
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

/**
 * Writes the whole batch in one transaction: nodes, then relationships, then removes whatever
 * an earlier load wrote that the seeds no longer contain, and derives what is computed from the
 * graph (src/seed/derive.ts). Any failure rolls everything back.
 */
export async function writeBatch(
  driver: Driver,
  database: string,
  batch: GraphBatch,
  hash: string,
  statements: SeedStatements,
  logger?: Logger,
): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: "WRITE" });
  const tx = await session.beginTransaction({ timeout: 10 * 60_000 });
  try {
    const run = async (name: string, rows: unknown[], expected: number) => {
      const result = await tx.run(statement(statements.named, name), { rows, hash });
      const written = Number(result.records[0]?.get("written") ?? 0);
      if (written !== expected) {
        throw new Error(`seed statement "${name}" wrote ${written} of ${expected} rows`);
      }
    };
    for (const label of NODE_LABELS) {
      const rows = [...(batch.nodes.get(label)?.values() ?? [])].map((n) => clean(n.props));
      for (const part of chunks(rows)) await run(`node ${label}`, part, part.length);
    }
    for (const [p, byKey] of batch.relationships) {
      const rows = [...byKey.values()].map((r) => ({ from: r.from, to: r.to, props: clean(r.props) }));
      for (const part of chunks(rows)) await run(`rel ${p}`, part, part.length);
    }
    await tx.run(statement(statements.named, "prune relationships"), { hash });
    await tx.run(statement(statements.named, "prune nodes"), { hash });
    // In the same transaction: "SET n = row" above replaced every derived property, and no
    // reader may see a role or source without them.
    await deriveInTransaction(tx, statements, logger);
    await tx.run(statement(statements.named, "record state"), { hash });
    // Readers can see part of a large commit while Neo4j applies it: mark the commit (in
    // transactions of their own) so that the service's version check runs such requests again.
    const mark = (name: "commit begins" | "commit ends") =>
      driver.executeQuery(statement(statements.named, name), {}, { database });
    await mark("commit begins");
    const committing = performance.now();
    try {
      await tx.commit();
    } finally {
      await mark("commit ends");
    }
    logger?.info({ commitMillis: Math.round(performance.now() - committing) }, "load committed");
  } catch (error) {
    if (tx.isOpen()) await tx.rollback();
    throw error;
  } finally {
    await session.close();
  }
}

export async function readSeedHash(
  driver: Driver,
  database: string,
  statements: SeedStatements,
): Promise<string | null> {
  const { records } = await driver.executeQuery(statement(statements.named, "read state"), {}, { database });
  const hash: unknown = records[0]?.get("hash");
  return typeof hash === "string" ? hash : null;
}
