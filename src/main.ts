/**
 * `npm start` (node dist/main.js): the quick start. With no NEO4J_URI it starts the embedded
 * Neo4j (once); when SEED_ON_START is true it runs the seed step first, as a child process of its
 * own (`node dist/seed/cli.js` against that database, src/seed-step.ts) and waits for it; then it
 * starts the service, which only reads: this process never loads the seeding code.
 *
 * It owns the whole process tree: SIGTERM or SIGINT at any point (while Neo4j starts, while the
 * seeds load, while serving) drains the HTTP server, closes the drivers and stops the JVM, then
 * exits. See docs/operations.md.
 */
import { ConfigError, loadConfig } from "./config.js";
import { startApp, type App } from "./app.js";
import { databaseCredentials } from "./db/credentials.js";
import { openDatabase, type DatabaseHandle } from "./db/database.js";
import { createLogger } from "./logger.js";
import { startSeedStep, type SeedStep } from "./seed-step.js";

/**
 * The longest a shutdown may take: HTTP draining (Apollo gives in-flight requests 10 s), closing
 * the driver, and stopping the embedded Neo4j (killed after 30 s). Past it the process exits 1
 * rather than hang.
 */
const SHUTDOWN_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  let db: DatabaseHandle | null = null;
  let app: App | null = null;
  let seedStep: SeedStep | null = null;
  let signalled = false;
  // pino writes asynchronously: let the last lines reach the output, in order, before exiting.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, app ? "shutting down: draining requests" : "shutting down during start-up");
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown did not finish in time; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    (async () => {
      await seedStep?.stop();
      if (app) {
        await app.stop();
        logger.info("HTTP server drained");
      }
      await db?.driver.close();
      logger.info("database driver closed");
      await db?.embedded?.stop();
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
  // Installed before anything starts, so that a signal during start-up stops the JVM too.
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  // The composition root owns the database, so that shutdown can close it step by step and say so.
  db = await openDatabase(config, logger);
  if (signalled) return;
  if (config.seedOnStart) {
    // The child connects to the database this process opened, with the same credentials (the
    // embedded store's own password when NEO4J_URI was not given), through its environment.
    const { neo4jUser, neo4jPassword } = databaseCredentials(config);
    seedStep = startSeedStep(db.uri, {
      ...process.env,
      NEO4J_USER: neo4jUser,
      NEO4J_PASSWORD: neo4jPassword,
    });
    logger.info({ seedPid: seedStep.pid }, "seed step started");
    const { code, signal } = await seedStep.exited;
    if (signalled) return;
    // The child has said why (a seed file's line, a database error) on the same output.
    if (code !== 0) throw new Error(`the seed step failed (${signal ?? `exit code ${code}`})`);
    logger.info("seed step finished");
  }
  if (signalled) return;
  app = await startApp(config, logger, db);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error("Start-up failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
