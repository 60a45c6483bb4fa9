/**
 * A short, bounded load test over loopback: the README's operations in a realistic mix
 * (tests/utils/load-mix.ts), 8 s at 20 connections with autocannon, against the real service
 * and Neo4j. Every response must be a 200 without `errors`; the figures are printed, not
 * asserted (tests/bench holds figures). The long form is `npm run soak` (tests/bench/soak.ts).
 */
import { parse, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCostModel, estimateCost } from "../../src/http/limits.js";
import { readFanOut } from "../../src/limits/fan-out.js";
import { buildSchema } from "../../src/schema/build-schema.js";
import { checkMixOnce, loadMix, reportTable, runLoad } from "../utils/load-mix.js";
import { TestHelper } from "../utils/test-helper.js";

const DURATION_SECONDS = 8;
const CONNECTIONS = 20;

describe("Load: the README's operations, 8 s at 20 connections over loopback", () => {
  const helper = new TestHelper();
  let schema: GraphQLSchema;
  let model: ReturnType<typeof createCostModel>;
  beforeAll(async () => {
    schema = await buildSchema();
    model = createCostModel(await readFanOut(helper.driver, helper.database, helper.logger));
    await helper.start();
  });
  afterAll(() => helper.close());

  it("every request of the mix answers 200 without errors on its own", async () => {
    expect(await checkMixOnce(helper.url)).toEqual([]);
  });

  it("under load: no non-2xx, no connection error, no timeout, no body with errors or leaks", async () => {
    const mix = loadMix();
    const costs = mix.map((r) => estimateCost(model, schema, parse(r.query), r.variables).cost);
    const meanCost = costs.reduce((a, c) => a + c, 0) / costs.length;

    const report = await runLoad({
      baseUrl: helper.url,
      durationSeconds: DURATION_SECONDS,
      connections: CONNECTIONS,
    });

    const budget = helper.config.rateLimitCostPerMinute;
    const spendPerMinute = meanCost * report.requestsPerSecond * 60;
    console.log(
      reportTable(report, `load test: ${DURATION_SECONDS} s at ${CONNECTIONS} connections`, [
        [
          "mix",
          `${mix.length} requests, estimated cost ${Math.min(...costs)}–${Math.max(...costs)} (mean ${meanCost.toFixed(0)})`,
        ],
        [
          "cost spent per minute at this rate",
          `${Math.round(spendPerMinute)} (one client's budget: ${budget === 0 ? "off" : budget})`,
        ],
      ]),
    );
    if (report.badSamples.length > 0) console.log(`bad responses:\n  ${report.badSamples.join("\n  ")}`);

    expect(report.requests, "requests completed").toBeGreaterThan(CONNECTIONS);
    expect({
      non2xx: report.non2xx,
      errors: report.errors,
      timeouts: report.timeouts,
      bodiesWithErrors: report.bodiesWithErrors,
      bodiesWithLeaks: report.bodiesWithLeaks,
    }).toEqual({ non2xx: 0, errors: 0, timeouts: 0, bodiesWithErrors: 0, bodiesWithLeaks: 0 });
    expect(Object.keys(report.statusCounts)).toEqual(["200"]);
    expect(report.bodiesChecked, "every response body was checked").toBeGreaterThanOrEqual(report.requests);
  });

  it("after the load, every request of the mix still answers cleanly", async () => {
    expect(await checkMixOnce(helper.url)).toEqual([]);
    const ready = await fetch(`${helper.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
