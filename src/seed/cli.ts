/** `npm run seed`: validates the seeds and loads them (into the embedded Neo4j when NEO4J_URI is unset). */
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { createLogger } from "../logger.js";
import { SeedValidationError } from "./graph-batch.js";
import { runSeedJob } from "./job.js";
import { buildBatch, DEFAULT_SEEDS_DIR } from "./pipeline.js";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !["--force", "--validate-only"].includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown option(s): ${unknown.join(" ")}. Allowed: --force, --validate-only`);
    return 2;
  }
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel, "seed", config.logFormat);
  if (args.includes("--validate-only")) {
    const counts = (await buildBatch(DEFAULT_SEEDS_DIR)).counts();
    console.log(JSON.stringify({ valid: true, ...counts }, null, 2));
    return 0;
  }
  const db = await openDatabase(config, logger);
  try {
    const result = await runSeedJob({ config, uri: db.uri, logger, force: args.includes("--force") });
    console.log(
      result.loaded
        ? `Loaded dataset version ${result.hash} in ${(result.millis / 1000).toFixed(1)} s`
        : `The database already holds dataset version ${result.hash}; use --force to reload`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SeedValidationError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
