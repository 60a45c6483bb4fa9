import type { Driver } from "neo4j-driver";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { databaseCredentials, embeddedStoreDir } from "./credentials.js";
import { createDriver, waitForDatabase } from "./driver.js";
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from "./embedded-neo4j.js";
import { SupervisedNeo4j, type DatabaseProcessHealth } from "./supervised-neo4j.js";

export interface DatabaseHandle {
  driver: Driver;
  /** The Bolt URI the driver connects to. */
  uri: string;
  database: string;
  /** The embedded Neo4j when this process started one. */
  embedded: (EmbeddedNeo4j & { health?: () => DatabaseProcessHealth }) | null;
  /** Closes the driver, then stops the embedded Neo4j if there is one. */
  close(): Promise<void>;
}

/**
 * The service exits with this code when the embedded Neo4j died and could not be restarted, so
 * that whatever runs the service (systemd, Docker, Kubernetes) starts it again.
 */
export const EXIT_DATABASE_LOST = 70;

/**
 * Connects to NEO4J_URI, or starts the embedded Neo4j when it is not set, supervised: restarted
 * when it dies (src/db/supervised-neo4j.ts); when it cannot be, `onDatabaseLost` runs (by default
 * the process exits with EXIT_DATABASE_LOST).
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  onDatabaseLost: () => void = () => logger.flush(() => process.exit(EXIT_DATABASE_LOST)),
): Promise<DatabaseHandle> {
  let embedded: SupervisedNeo4j | null = null;
  let uri = config.neo4jUri;
  if (uri === null) {
    const storeDir = embeddedStoreDir(config);
    let port = config.embeddedBoltPort;
    embedded = await SupervisedNeo4j.start(
      async () => {
        const started = await startEmbeddedNeo4j({
          storeDir,
          port,
          logger,
          // A fresh store on a busy 2-core machine has taken over two minutes to open.
          startTimeoutMs: 300_000,
        });
        // Restarts keep the port: the driver knows only this address.
        port = Number(new URL(started.uri).port);
        return started;
      },
      { logger, onGiveUp: onDatabaseLost },
    );
    uri = embedded.uri;
  }
  // The embedded store's own password (made on first start), or NEO4J_USER / NEO4J_PASSWORD.
  const driver = createDriver({ ...config, ...databaseCredentials(config) }, uri, logger);
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
