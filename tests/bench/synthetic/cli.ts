/**
 * Grows a seeded graph with synthetic data, for manual use:
 *
 *   npx tsx tests/bench/synthetic/cli.ts --scale L --uri bolt://127.0.0.1:7687 [--seed 20260101]
 *
 * Prints the graph's totals, the load time and the peak RSS of this process (and of the Neo4j
 * JVM with --neo4j-pid, read from /proc on Linux) as JSON.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../../src/config.js";
import { createDriver } from "../../../src/db/driver.js";
import { createLogger } from "../../../src/logger.js";
import { growGraph, type Scale } from "./generate.js";
import { procStatusBytes } from "../processes.js";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      uri: { type: "string" },
      seed: { type: "string" },
      database: { type: "string" },
      "neo4j-pid": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const usage =
    "usage: npx tsx tests/bench/synthetic/cli.ts --scale S|M|L --uri bolt://HOST:PORT [--seed N] [--database neo4j] [--neo4j-pid PID]";
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const scale = values.scale;
  if (scale !== "S" && scale !== "M" && scale !== "L") {
    console.error(`--scale must be S, M or L\n${usage}`);
    return 2;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    console.error(`--seed must be a whole number\n${usage}`);
    return 2;
  }
  const config = loadConfig({ ...process.env, ...(values.uri ? { NEO4J_URI: values.uri } : {}) });
  if (!config.neo4jUri) {
    console.error(
      `--uri (or NEO4J_URI) is required: the generator grows a running, seeded database\n${usage}`,
    );
    return 2;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? "info", "synthetic");
  const driver = createDriver(config, config.neo4jUri, logger);
  try {
    const result = await growGraph(driver, values.database ?? config.neo4jDatabase, scale as Scale, {
      logger,
      ...(seed === undefined ? {} : { seed }),
    });
    const pid = values["neo4j-pid"] === undefined ? null : Number(values["neo4j-pid"]);
    console.log(
      JSON.stringify(
        { ...result, neo4jPeakRssBytes: pid === null ? undefined : procStatusBytes(pid, "VmHWM") },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await driver.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
