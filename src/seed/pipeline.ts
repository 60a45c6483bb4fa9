import type { Driver } from "neo4j-driver";
import type { Logger } from "../logger.js";
import { GraphBatch, SeedValidationError } from "./graph-batch.js";
import { applyConstraints, loadSeedStatements, readSeedHash, writeBatch } from "./write-batch.js";
import { deriveCareerModel } from "./career/index.js";
import { readReferenceSeeds } from "./reference/index.js";
import { readYamlSeeds } from "./yaml-seeds.js";
import { datasetVersion, DEFAULT_SEEDS_DIR } from "./dataset-version.js";

export { DEFAULT_SEEDS_DIR };

export interface SeedOptions {
  driver: Driver;
  database: string;
  logger: Logger;
  seedsDir?: string;
  /** Load even when the database already holds these exact seeds. */
  force?: boolean;
  /** The importer's sources that the dataset version hashes; src/seed by default (tests change it). */
  importerDir?: string;
}

export interface SeedResult {
  loaded: boolean;
  /** The dataset version (src/seed/dataset-version.ts). */
  hash: string;
  /** What was loaded; null when the database already held this version and nothing was parsed. */
  counts: ReturnType<GraphBatch["counts"]> | null;
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

/**
 * The dataset version of the seeds in `seedsDir` as this code loads them (seed files, seed Cypher
 * and importer code): see src/seed/dataset-version.ts.
 */
export function seedHash(seedsDir: string, importerDir?: string): string {
  return datasetVersion(importerDir === undefined ? { seedsDir } : { seedsDir, importerDir });
}

/**
 * The seed pipeline: apply constraints; compare the dataset version (a hash of file bytes) with the
 * database's and stop there when they match; otherwise validate every file (nothing is written
 * when any is invalid), then load everything in one idempotent transaction.
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const seedsDir = options.seedsDir ?? DEFAULT_SEEDS_DIR;
  const hash = seedHash(seedsDir, options.importerDir);
  const statements = loadSeedStatements();
  await applyConstraints(options.driver, options.database, statements);
  const current = await readSeedHash(options.driver, options.database, statements);
  if (current === hash && !options.force) {
    options.logger.info({ hash }, "the database already holds this dataset version; nothing to do");
    return { loaded: false, hash, counts: null, millis: performance.now() - started };
  }
  const batch = await buildBatch(seedsDir);
  const counts = batch.counts();
  await writeBatch(options.driver, options.database, batch, hash, statements, options.logger);
  const millis = performance.now() - started;
  options.logger.info({ hash, ...counts, millis: Math.round(millis) }, "seeds loaded");
  return { loaded: true, hash, counts, millis };
}
