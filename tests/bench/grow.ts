/**
 * Grows the bench graph to a scale with the synthetic generator (tests/bench/synthetic/), in a
 * process of its own so that its peak memory is the load's and nothing else's.
 *
 *   node --import tsx tests/bench/grow.ts <S|M|L> [seed]
 *
 * Reads NEO4J_URI like the service; prints one line "GROWN {json}" with the generator's answer
 * and this process's peak RSS.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Driver } from "neo4j-driver";
import { loadConfig } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { procStatusBytes } from "./processes.js";

export type Scale = "S" | "M" | "L";

export interface GrowResult {
  scale: Scale;
  roles: number;
  skills: number;
  tools: number;
  relationships: number;
  loadMs: number;
}

/** The generator's interface, as agreed with its author; checked at run time, not at compile time. */
type GrowGraph = (
  driver: Driver,
  database: string,
  scale: Scale,
  options?: { seed?: number; logger?: Logger },
) => Promise<GrowResult>;

export const GENERATOR_FILE = fileURLToPath(new URL("./synthetic/generate.ts", import.meta.url));

export function generatorAvailable(): boolean {
  return existsSync(GENERATOR_FILE);
}

async function main(): Promise<void> {
  const scale = process.argv[2] as Scale;
  if (!["S", "M", "L"].includes(scale)) throw new Error("usage: grow.ts <S|M|L> [seed]");
  const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const config = loadConfig(process.env);
  if (!config.neo4jUri) throw new Error("grow: NEO4J_URI must be set");
  const logger = createLogger(config.logLevel, "bench-grow");
  // Imported by URL at run time: the benchmark must still type-check and run at scale S while
  // the generator is being written.
  const module = (await import(pathToFileURL(GENERATOR_FILE).href)) as { growGraph?: GrowGraph };
  if (typeof module.growGraph !== "function") throw new Error("grow: the generator exports no growGraph()");
  const driver = createDriver(config, config.neo4jUri, logger);
  try {
    const result = await module.growGraph(driver, config.neo4jDatabase, scale, {
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
