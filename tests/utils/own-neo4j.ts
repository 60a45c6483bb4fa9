/**
 * A Neo4j of one test file's own, for tests that reload or rewrite the graph (the seed tests):
 * another embedded instance in a temporary store, so that no other file's assertions can race
 * them. Community edition has a single user database, so "a database of its own" means an
 * instance of its own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { createDriver, waitForDatabase } from "../../src/db/driver.js";
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from "../../src/db/embedded-neo4j.js";
import { createLogger } from "../../src/logger.js";
import type { RunNeo4jEnv } from "./run-neo4j.js";

export interface OwnNeo4j {
  uri: string;
  /** Its Bolt requires these (the temporary store's own password). */
  env: RunNeo4jEnv;
  stop(): Promise<void>;
}

export async function startOwnNeo4j(): Promise<OwnNeo4j> {
  const storeDir = mkdtempSync(path.join(tmpdir(), "careers-graph-own-"));
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "warn", "own-neo4j", "json");
  let embedded: EmbeddedNeo4j;
  try {
    embedded = await startEmbeddedNeo4j({
      storeDir: path.join(storeDir, "neo4j"),
      port: 0,
      logger,
      startTimeoutMs: 300_000,
    });
  } catch (error) {
    rmSync(storeDir, { recursive: true, force: true });
    throw error;
  }
  const env: RunNeo4jEnv = {
    NEO4J_URI: embedded.uri,
    NEO4J_USER: embedded.credentials.user,
    NEO4J_PASSWORD: embedded.credentials.password,
  };
  const driver = createDriver(loadConfig(env), embedded.uri, logger);
  try {
    // A freshly started Neo4j on a busy machine may take a while to answer its first query.
    await waitForDatabase(driver, "neo4j", 120_000);
  } finally {
    await driver.close();
  }
  return {
    uri: embedded.uri,
    env,
    async stop() {
      await embedded.stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
