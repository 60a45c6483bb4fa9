/**
 * Starts one real Neo4j for the whole integration run (or uses NEO4J_URI when set explicitly),
 * seeds it, and hands its URI to the tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../src/config.js";
import { createDriver, waitForDatabase } from "../src/db/driver.js";
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from "../src/db/embedded-neo4j.js";
import { createLogger } from "../src/logger.js";
import { seed } from "../src/seed/pipeline.js";

declare module "vitest" {
  export interface ProvidedContext {
    neo4jUri: string;
    /** The run's Neo4j requires these: the embedded store's own password, or NEO4J_USER / NEO4J_PASSWORD. */
    neo4jUser: string;
    neo4jPassword: string;
    neo4jPid: number;
  }
}

let embedded: EmbeddedNeo4j | null = null;
let storeDir: string | null = null;

export async function setup(project: TestProject): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "warn", "test-setup");
  let uri = config.neo4jUri;
  if (uri === null) {
    storeDir = mkdtempSync(path.join(tmpdir(), "careers-graph-test-"));
    // A loaded shared machine can take minutes to start a JVM; the default 120 s is for `npm start`.
    embedded = await startEmbeddedNeo4j({
      storeDir: path.join(storeDir, "neo4j"),
      port: 0,
      logger,
      startTimeoutMs: 400_000,
    });
    uri = embedded.uri;
  }
  const user = embedded?.credentials.user ?? config.neo4jUser;
  const password = embedded?.credentials.password ?? config.neo4jPassword;
  const driver = createDriver({ ...config, neo4jUser: user, neo4jPassword: password }, uri, logger);
  try {
    // A freshly started Neo4j on a busy machine may take a while to answer its first query.
    await waitForDatabase(driver, config.neo4jDatabase, 120_000);
    await seed({ driver, database: config.neo4jDatabase, logger, force: true });
  } finally {
    await driver.close();
  }
  project.provide("neo4jUri", uri);
  project.provide("neo4jUser", user);
  project.provide("neo4jPassword", password);
  project.provide("neo4jPid", embedded?.pid ?? 0);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (storeDir) rmSync(storeDir, { recursive: true, force: true });
}
