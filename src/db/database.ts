import path from "node:path";
import type { Driver } from "neo4j-driver";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { createDriver, waitForDatabase } from "./driver.js";
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from "./embedded-neo4j.js";

export interface DatabaseHandle {
  driver: Driver;
  /** The Bolt URI the driver connects to. */
  uri: string;
  database: string;
  /** The embedded Neo4j when this process started one. */
  embedded: EmbeddedNeo4j | null;
  /** Closes the driver, then stops the embedded Neo4j if there is one. */
  close(): Promise<void>;
}

/** Connects to NEO4J_URI, or starts the embedded Neo4j when it is not set. */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  let embedded: EmbeddedNeo4j | null = null;
  let uri = config.neo4jUri;
  if (uri === null) {
    embedded = await startEmbeddedNeo4j({
      storeDir: path.join(config.dataDir, "neo4j"),
      port: config.embeddedBoltPort,
      logger,
      // A fresh store on a busy 2-core machine has taken over two minutes to open.
      startTimeoutMs: 300_000,
    });
    uri = embedded.uri;
  }
  const driver = createDriver(config, uri, logger);
  try {
    await waitForDatabase(driver, config.neo4jDatabase, 30_000);
  } catch (error) {
    await driver.close();
    await embedded?.stop();
    throw error;
  }
  return {
    driver,
    uri,
    database: config.neo4jDatabase,
    embedded,
    async close() {
      await driver.close();
      await embedded?.stop();
    },
  };
}
