/** `npm start`: the service, with an embedded Neo4j when NEO4J_URI is not set. */
import { ConfigError, loadConfig } from "./config.js";
import { startApp, type App } from "./app.js";
import { openDatabase } from "./db/database.js";
import { createLogger } from "./logger.js";
import { SeedValidationError } from "./seed/graph-batch.js";

/**
 * The longest a shutdown may take: HTTP draining (Apollo gives in-flight requests 10 s), closing
 * the driver, and stopping the embedded Neo4j (killed after 30 s). Past it the process exits 1
 * rather than hang.
 */
const SHUTDOWN_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  // The composition root owns the database, so that shutdown can close it step by step and say so.
  const db = await openDatabase(config, logger);
  let app: App;
  try {
    app = await startApp(config, logger, db);
  } catch (error) {
    await db.close();
    throw error;
  }
  // pino writes asynchronously: let the last lines reach the output, in order, before exiting.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, "shutting down: draining requests");
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown did not finish in time; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    (async () => {
      await app.stop();
      logger.info("HTTP server drained");
      await db.driver.close();
      logger.info("database driver closed");
      await db.embedded?.stop();
    })().then(
      () => {
        logger.info("stopped");
        exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error during shutdown");
        exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SeedValidationError) console.error(error.message);
  else console.error("Start-up failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
