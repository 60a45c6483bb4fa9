/** `npm start`: the service, with an embedded Neo4j when NEO4J_URI is not set. */
import { ConfigError, loadConfig } from "./config.js";
import { startApp } from "./app.js";
import { createLogger } from "./logger.js";
import { SeedValidationError } from "./seed/graph-batch.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, "shutting down: draining requests");
    app.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
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
