/**
 * Loads a deliberately broken seeds folder and checks that the load is refused as a whole: the
 * error is a SeedValidationError and the graph's node and relationship counts did not move.
 */
import { expect } from "vitest";
import { SeedValidationError } from "../../src/seed/graph-batch.js";
import { seed } from "../../src/seed/pipeline.js";
import type { TestHelper } from "./test-helper.js";

export async function refusedSeedLoad(helper: TestHelper, seedsDir: string): Promise<SeedValidationError> {
  const before = await helper.graphCounts();
  const error = await seed({
    driver: helper.driver,
    database: helper.database,
    logger: helper.logger,
    seedsDir,
    force: true,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedValidationError);
  expect(await helper.graphCounts()).toEqual(before);
  return error as SeedValidationError;
}
