/**
 * Grows the bench graph to a scale with the synthetic generator (tests/bench/synthetic/), in a
 * process of its own so that its peak memory is the load's and nothing else's.
 *
 *   node --import tsx tests/bench/grow.ts <S|M|L> [seed]
 *
 * Reads NEO4J_URI like the service; prints one line "GROWN {json}" with the generator's answer
 * and this process's peak RSS.
 */
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { createLogger } from "../../src/logger.js";
import { procStatusBytes } from "./processes.js";
import { growGraph, type Scale } from "./synthetic/generate.js";

export type { Scale };
export type GrowResult = Awaited<ReturnType<typeof growGraph>>;

async function main(): Promise<void> {
  const scale = process.argv[2] as Scale;
  if (!["S", "M", "L"].includes(scale)) throw new Error("usage: grow.ts <S|M|L> [seed]");
  const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const config = loadConfig(process.env);
  if (!config.neo4jUri) throw new Error("grow: NEO4J_URI must be set");
  const logger = createLogger(config.logLevel, "bench-grow");
  const driver = createDriver(config, config.neo4jUri, logger);
  try {
    const result = await growGraph(driver, config.neo4jDatabase, scale, {
      ...(seed === undefined ? {} : { seed }),
      logger,
    });
    console.log(
      `GROWN ${JSON.stringify({ ...result, peakRssBytes: procStatusBytes(process.pid, "VmHWM") })}`,
    );
  } finally {
    await driver.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error("grow:", error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
