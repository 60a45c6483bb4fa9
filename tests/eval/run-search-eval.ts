/**
 * npm run eval:search: the role search evaluation set against a real service and Neo4j. Starts its
 * own embedded Neo4j in a temporary store (removed at the end) unless NEO4J_URI is set, seeds it,
 * starts the service on a free port, and prints hit@1, hit@3 and MRR (overall, by kind, by
 * language) with the queries whose first hit is not accepted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from "../../src/db/embedded-neo4j.js";
import { createLogger } from "../../src/logger.js";
import { seed } from "../../src/seed/pipeline.js";
import { evaluate, readEvalSet, report, SEARCH_QUERY, searchWithRetry } from "./search-eval.js";

const logger = createLogger(process.env.LOG_LEVEL ?? "warn", "eval-search");
const base = loadConfig(process.env);
let embedded: EmbeddedNeo4j | null = null;
let store: string | null = null;
let uri = base.neo4jUri;
if (uri === null) {
  store = mkdtempSync(path.join(os.tmpdir(), "careers-graph-eval-"));
  embedded = await startEmbeddedNeo4j({
    storeDir: path.join(store, "neo4j"),
    port: 0,
    logger,
    startTimeoutMs: 600_000,
  });
  uri = embedded.uri;
}
const config = loadConfig({
  ...process.env,
  NEO4J_URI: uri,
  // The embedded store's own password; with NEO4J_URI, NEO4J_USER / NEO4J_PASSWORD as given.
  ...(embedded
    ? { NEO4J_USER: embedded.credentials.user, NEO4J_PASSWORD: embedded.credentials.password }
    : {}),
  PORT: "0",
  HOST: "127.0.0.1",
  SEED_ON_START: "false",
  RATE_LIMIT_COST_PER_MINUTE: "0",
});
const driver = createDriver(config, uri, logger);
try {
  await seed({ driver, database: config.neo4jDatabase, logger, force: true });
  const app = await startApp(config, logger, {
    driver,
    database: config.neo4jDatabase,
    uri,
    embedded: null,
    close: async () => {},
  });
  try {
    const results = await evaluate(readEvalSet(), (text, lang) =>
      searchWithRetry(async () => {
        const response = await fetch(`http://127.0.0.1:${app.port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: SEARCH_QUERY, variables: { text, lang } }),
        });
        return (await response.json()) as {
          data?: { searchRoles: { role: { id: string } }[] };
          errors?: unknown[];
        };
      }, text),
    );
    console.log(report(results));
  } finally {
    await app.stop();
  }
} finally {
  await driver.close();
  await embedded?.stop();
  if (store) rmSync(store, { recursive: true, force: true });
}
