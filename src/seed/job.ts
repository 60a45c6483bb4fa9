/**
 * The seed step as one job: its own driver (the only one that writes), constraints, the dataset
 * version check and the load (src/seed/pipeline.ts), then the driver is closed. `npm run seed`
 * (src/seed/cli.ts) runs it, and so does the quick start (src/main.ts) before the service starts.
 */
import type { Config } from "../config.js";
import { databaseCredentials } from "../db/credentials.js";
import { createDriver } from "../db/driver.js";
import type { Logger } from "../logger.js";
import { seed, type SeedResult } from "./pipeline.js";

export interface SeedJobOptions {
  config: Config;
  /** Bolt URI of the database to load (the embedded one's, or NEO4J_URI). */
  uri: string;
  logger: Logger;
  force?: boolean;
}

export async function runSeedJob({ config, uri, logger, force }: SeedJobOptions): Promise<SeedResult> {
  // A driver of its own, with write access; the service's driver only ever reads.
  const driver = createDriver({ ...config, ...databaseCredentials(config) }, uri, logger);
  try {
    return await seed({ driver, database: config.neo4jDatabase, logger, force: force ?? false });
  } finally {
    await driver.close();
  }
}
