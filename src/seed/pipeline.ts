import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Driver } from "neo4j-driver";
import { GRAPH_DIR } from "../db/cypher-files.js";
import type { Logger } from "../logger.js";
import { GraphBatch, SeedValidationError } from "./graph-batch.js";
import { applyConstraints, loadSeedStatements, readSeedHash, writeBatch } from "./write-batch.js";
import { deriveCareerModel } from "./career/index.js";
import { readReferenceSeeds } from "./reference/index.js";
import { listSeedFiles, readYamlSeeds } from "./yaml-seeds.js";

export const DEFAULT_SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));

export interface SeedOptions {
  driver: Driver;
  database: string;
  logger: Logger;
  seedsDir?: string;
  /** Load even when the database already holds these exact seeds. */
  force?: boolean;
}

export interface SeedResult {
  loaded: boolean;
  hash: string;
  counts: ReturnType<GraphBatch["counts"]>;
  millis: number;
}

/** Reads and validates every seed file; throws SeedValidationError listing every problem. */
export async function buildBatch(seedsDir: string): Promise<GraphBatch> {
  const batch = new GraphBatch();
  readYamlSeeds(seedsDir, batch);
  if (batch.problems.length === 0) await readReferenceSeeds(seedsDir, batch);
  if (batch.problems.length === 0) await deriveCareerModel(seedsDir, batch);
  if (batch.problems.length === 0) batch.checkReferences();
  if (batch.problems.length > 0) throw new SeedValidationError(batch.problems);
  return batch;
}

/** Hash of everything that decides what a load writes: the seed files and the seed statements. */
export function seedHash(seedsDir: string): string {
  const hash = createHash("sha256");
  for (const file of listSeedFiles(seedsDir)) {
    hash
      .update(file)
      .update("\u0000")
      .update(readFileSync(path.join(seedsDir, file)))
      .update("\u0000");
  }
  hash.update(readFileSync(path.join(GRAPH_DIR, "queries", "seed.cypher")));
  return hash.digest("hex").slice(0, 16);
}

/**
 * The seed pipeline: validate every file first (nothing is written when any is invalid), apply
 * constraints, then load everything in one idempotent transaction.
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const seedsDir = options.seedsDir ?? DEFAULT_SEEDS_DIR;
  const batch = await buildBatch(seedsDir);
  const hash = seedHash(seedsDir);
  const statements = loadSeedStatements();
  await applyConstraints(options.driver, options.database, statements);
  const counts = batch.counts();
  const current = await readSeedHash(options.driver, options.database, statements);
  if (current === hash && !options.force) {
    options.logger.info({ hash }, "seeds unchanged since the last load; nothing to do");
    return { loaded: false, hash, counts, millis: performance.now() - started };
  }
  await writeBatch(options.driver, options.database, batch, hash, statements, options.logger);
  const millis = performance.now() - started;
  options.logger.info({ hash, ...counts, millis: Math.round(millis) }, "seeds loaded");
  return { loaded: true, hash, counts, millis };
}
