/**
 * `npm run soak`: the load test's request mix (tests/utils/load-mix.ts) in its long form,
 * against a service this script starts itself (src/app.ts's startApp) over loopback: an
 * embedded Neo4j in .data/soak, or NEO4J_URI when set.
 *
 *   npm run soak -- --duration 60 --connections 50 [--adversarial]
 *
 * --adversarial rotates requests the service must refuse (coded 4xx, no database work) with the mix.
 *
 * Prints a Markdown table (requests, req/s, p50, p99, max latency, non-2xx, errors, timeouts,
 * RSS and heap before/after) and exits non-zero on any non-2xx, connection error, timeout or
 * response body with `errors`. The service's other settings come from the environment as usual
 * (e.g. RATE_LIMIT_COST_PER_MINUTE: one loopback client shares one budget).
 */
import { parseArgs } from "node:util";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { pino } from "pino";
import { adversarialMix, checkMixOnce, isClean, loadMix, reportTable, runLoad } from "../utils/load-mix.js";
import { procStatusBytes } from "./processes.js";

function positiveInteger(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} must be a whole number between 1 and ${max}; got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      timeout: { type: "string" },
      adversarial: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      "usage: npm run soak -- [--duration SECONDS (60)] [--connections N (50)] [--timeout SECONDS (10)] [--adversarial]",
    );
    return 0;
  }
  const durationSeconds = positiveInteger("duration", values.duration, 60, 24 * 3600);
  const connections = positiveInteger("connections", values.connections, 50, 1000);
  const timeoutSeconds = positiveInteger("timeout", values.timeout, 10, 600);

  const config = loadConfig({
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    EMBEDDED_BOLT_PORT: "0",
    DATA_DIR: process.env.DATA_DIR ?? ".data/soak",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // One loopback client: the per-client budget would measure the rate limit, not the service.
    RATE_LIMIT_COST_PER_MINUTE: process.env.RATE_LIMIT_COST_PER_MINUTE ?? "0",
  });
  // The service's log goes to stderr, the report to stdout.
  const logger = pino({ name: "soak", level: config.logLevel }, pino.destination(2));
  console.error(
    `soak: starting the service (${config.neo4jUri ?? `embedded Neo4j in ${config.dataDir}`}); the first run seeds it`,
  );
  const app: App = await startApp(config, logger);
  try {
    const baseUrl = `http://127.0.0.1:${app.port}`;
    // A mix that already fails is reported, and the run goes on: the figures still tell something.
    const before = await checkMixOnce(baseUrl);
    if (before.length > 0)
      console.error(`soak: the mix does not answer cleanly before any load:\n  ${before.join("\n  ")}`);
    const neo4jPid = app.db.embedded?.pid ?? null;
    const neo4jBefore = neo4jPid === null ? null : procStatusBytes(neo4jPid, "VmRSS");
    console.error(`soak: ${durationSeconds} s at ${connections} connections against ${baseUrl}/graphql …`);
    // RSS every tenth of the run: growth that levels off is warm-up (JIT, pools, caches); growth
    // that keeps climbing to the end is what a leak looks like.
    const rssSamples: number[] = [];
    const sampler = setInterval(
      () => rssSamples.push(process.memoryUsage().rss),
      Math.max(1000, (durationSeconds * 1000) / 10),
    );
    const refused = values.adversarial ? adversarialMix() : [];
    const report = await runLoad({ baseUrl, durationSeconds, connections, timeoutSeconds, refused }).finally(
      () => clearInterval(sampler),
    );
    const neo4jAfter = neo4jPid === null ? null : procStatusBytes(neo4jPid, "VmRSS");
    const after = await checkMixOnce(baseUrl);

    console.log(
      reportTable(report, `soak: ${durationSeconds} s at ${connections} connections`, [
        [
          "mix",
          `${loadMix().length} requests in rotation (tests/utils/load-mix.ts)${refused.length ? `, plus ${refused.length} that must be refused (adversarialMix)` : ""}`,
        ],
        [
          "RSS during the run (every tenth)",
          rssSamples.map((b) => mb(b).replace(" MB", "")).join(", ") + " MB",
        ],
        [
          "Neo4j RSS before → after",
          neo4jPid === null ? "external (NEO4J_URI)" : `${mb(neo4jBefore)} → ${mb(neo4jAfter)}`,
        ],
        [
          "mix answers cleanly before / after the run",
          `${before.length === 0 ? "yes" : `no (${before.length} failed)`} / ${after.length === 0 ? "yes" : `no (${after.length} failed)`}`,
        ],
        [
          "rate limit (cost per minute per client)",
          config.rateLimitCostPerMinute === 0 ? "off" : String(config.rateLimitCostPerMinute),
        ],
      ]),
    );
    if (report.badSamples.length > 0)
      console.log(
        `\nbad responses (first ${report.badSamples.length}):\n  ${report.badSamples.join("\n  ")}`,
      );
    if (after.length > 0) console.log(`\nafter the run:\n  ${after.slice(0, 5).join("\n  ")}`);
    return isClean(report) && before.length === 0 && after.length === 0 ? 0 : 1;
  } finally {
    await app.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("soak failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
