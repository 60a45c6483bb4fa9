/**
 * `npm run soak`: the load test's request mix (tests/utils/load-mix.ts) in its long form, against
 * the built service (`node dist/main.js`, built first when stale) that this script starts as a
 * process of its own, over loopback: an embedded Neo4j in .data/soak (seeded on the first run), or
 * NEO4J_URI when set. The load generator runs here, so the service's memory and latency are its
 * own.
 *
 *   npm run soak -- --duration 60 --connections 50 [--adversarial]
 *
 * Besides the POSTs of the mix, about a third of the requests are the widget's anonymous GET, for a
 * different role and limit each time (every role × limits 1–3), so that the response cache fills
 * with distinct entries: the service's resident memory shows what the cache costs.
 * --adversarial rotates requests the service must refuse (coded 4xx, no database work) with the mix.
 *
 * Prints a Markdown table (requests, req/s, p50, p99, max latency, non-2xx, errors, timeouts, the
 * service's RSS through the run) and exits non-zero on any non-2xx, connection error, timeout or
 * response body with `errors`. The service's other settings come from the environment as usual
 * (e.g. RATE_LIMIT_COST_PER_MINUTE: one loopback client shares one budget).
 */
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../src/db/embedded-neo4j.js";
import { adversarialMix, checkMixOnce, isClean, loadMix, reportTable, runLoad } from "../utils/load-mix.js";
import { javaChild, procStatusBytes, startNode, waitForHttp, type Child } from "./processes.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every role id, from the API itself. */
async function roleIds(baseUrl: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ roles(limit: 100, offset: ${offset}) { id } }` }),
    });
    const body = (await response.json()) as { data?: { roles?: { id: string }[] } };
    const page = body.data?.roles ?? [];
    ids.push(...page.map((r) => r.id));
    if (page.length < 100) return ids;
  }
}

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

  const build = spawnSync(process.execPath, [path.join(ROOT, "src", "build.mjs"), "--if-stale"], {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
  });
  if (build.status !== 0) {
    console.error("soak: the build failed");
    return 1;
  }
  const port = await freePort();
  const external = Boolean(process.env.NEO4J_URI);
  console.error(
    `soak: starting the built service (${external ? String(process.env.NEO4J_URI) : "embedded Neo4j in .data/soak"}); the first run seeds it`,
  );
  const service: Child = startNode(
    path.join(ROOT, "dist", "main.js"),
    [],
    {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      EMBEDDED_BOLT_PORT: "0",
      DATA_DIR: process.env.DATA_DIR ?? path.join(ROOT, ".data", "soak"),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      // One loopback client: the per-client budget would measure the rate limit, not the service.
      RATE_LIMIT_COST_PER_MINUTE: process.env.RATE_LIMIT_COST_PER_MINUTE ?? "0",
    },
    { tsx: false },
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, service, 15 * 60_000, 500);
    const baseUrl = `http://127.0.0.1:${port}`;
    // A mix that already fails is reported, and the run goes on: the figures still tell something.
    const before = await checkMixOnce(baseUrl);
    if (before.length > 0)
      console.error(`soak: the mix does not answer cleanly before any load:\n  ${before.join("\n  ")}`);
    const neo4jPid = external ? null : javaChild(service.pid);
    const neo4jBefore = neo4jPid === null ? null : procStatusBytes(neo4jPid, "VmRSS");
    console.error(`soak: ${durationSeconds} s at ${connections} connections against ${baseUrl}/graphql …`);
    // RSS every tenth of the run: growth that levels off is warm-up (JIT, pools, caches); growth
    // that keeps climbing to the end is what a leak looks like.
    const serviceRss = () => procStatusBytes(service.pid, "VmRSS") ?? 0;
    const rssBefore = serviceRss();
    const rssSamples: number[] = [];
    const sampler = setInterval(
      () => rssSamples.push(serviceRss()),
      Math.max(1000, (durationSeconds * 1000) / 10),
    );
    const refused = values.adversarial ? adversarialMix() : [];
    const cachedGets = await roleIds(baseUrl);
    const report = await runLoad({
      baseUrl,
      durationSeconds,
      connections,
      timeoutSeconds,
      refused,
      cachedGets,
    }).finally(() => clearInterval(sampler));
    const rssAfter = serviceRss();
    const neo4jAfter = neo4jPid === null ? null : procStatusBytes(neo4jPid, "VmRSS");
    const after = await checkMixOnce(baseUrl);

    console.log(
      reportTable(
        report,
        `soak: ${durationSeconds} s at ${connections} connections`,
        [
          [
            "mix",
            `${loadMix().length} requests in rotation (tests/utils/load-mix.ts)${refused.length ? `, plus ${refused.length} that must be refused (adversarialMix)` : ""}`,
          ],
          [
            "widget GETs (response cache)",
            `${report.cachedGets.answered} answered, ${report.cachedGets.hits} from the cache (Age header); ${cachedGets.length} roles × limits 1–3 in rotation`,
          ],
          [
            "service RSS before → after (growth)",
            `${mb(rssBefore)} → ${mb(rssAfter)} (${mb(rssAfter - rssBefore)})`,
          ],
          [
            "service RSS during the run (every tenth)",
            rssSamples.map((b) => mb(b).replace(" MB", "")).join(", ") + " MB",
          ],
          ["service RSS peak (VmHWM)", mb(procStatusBytes(service.pid, "VmHWM") ?? 0)],
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
            (process.env.RATE_LIMIT_COST_PER_MINUTE ?? "0") === "0"
              ? "off"
              : String(process.env.RATE_LIMIT_COST_PER_MINUTE),
          ],
        ],
        "the load generator",
      ),
    );
    if (report.badSamples.length > 0)
      console.log(
        `\nbad responses (first ${report.badSamples.length}):\n  ${report.badSamples.join("\n  ")}`,
      );
    if (after.length > 0) console.log(`\nafter the run:\n  ${after.slice(0, 5).join("\n  ")}`);
    return isClean(report) && before.length === 0 && after.length === 0 ? 0 : 1;
  } finally {
    await service.stop(60_000);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("soak failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
