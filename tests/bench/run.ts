/**
 * `npm run bench` (about 15 minutes) and `npm run bench -- --quick` (under 3 minutes): how much
 * the GraphQL service costs over the database, and how each operation's cost grows with the
 * graph. Loopback only; every phase is bounded in time.
 *
 * Levels, measured side by side in one run:
 * - L0: the database's own time (resultAvailableAfter + resultConsumedAfter) for the statements
 *   the service sends for the operation, summed over the operation's round trips;
 * - L1: the plain library stack, @neo4j/graphql + Apollo Server over the same type definitions
 *   with no limits, plugins or custom resolvers (tests/bench/l1-server.ts, own process): the
 *   generated operations only;
 * - L2: a bare node:http handler (tests/bench/l2-server.ts, own process) replaying exactly those
 *   statements, in the same waves, through the service's createDriver;
 * - L3: the service itself, built (`node dist/main.js`, own process, NODE_ENV=production, limits
 *   on; the per-client rate limit off, or it would throttle the single load-generating client);
 * - L3 cached: the same service answering the widget's anonymous GET from its response cache
 *   (the same GET repeated; the answers' Age header counts the hits).
 * Plus the service's startup on the seeded database (process start to /readyz 200, with and
 * without its seed step) and its peak RSS.
 * Plus the GraphQL layer's in-process cost (tests/bench/translation.ts) and, with the synthetic
 * generator (tests/bench/synthetic/), each operation's latency at scales S, M and L.
 *
 * Starts its own embedded Neo4j in a temporary store (removed at the end) unless NEO4J_URI is
 * set; an external database is measured as it is and is only grown when --scales asks for it.
 * Writes bench/results/latest.json and latest.md, and prints the Markdown.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import neo4j, { type Driver, type QueryResult } from "neo4j-driver";
import { startApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from "../../src/db/embedded-neo4j.js";
import { createLogger } from "../../src/logger.js";
import { seed } from "../../src/seed/pipeline.js";
import type { GrowResult, Scale } from "./grow.js";
import { closedLoop, hasErrors, openLoop, sequentialProbe, type LoadResult, type Target } from "./load.js";
import {
  benchOperations,
  getPath,
  OPERATION_KEYS,
  overlapRoleIds,
  requestBody,
  type BenchOperation,
} from "./operations.js";
import {
  mb,
  procStatusBytes,
  RssSampler,
  startNode,
  waitForHttp,
  waitForLine,
  type Child,
} from "./processes.js";
import { createRecorder, type RecordedOperation } from "./recording.js";
import { prepare, runTransaction, type Prepared } from "./replay.js";
import {
  classifyGrowth,
  fmt,
  fmtSpread,
  growthExponent,
  markdownTable,
  median,
  pairedRatios,
  percentile,
  spread,
  type Growth,
  type Spread,
} from "./stats.js";
import { measureTranslation, type TranslationResult } from "./translation.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS_DIR = path.join(ROOT, "bench", "results");
const SERVICE_ENTRY = path.join(ROOT, "dist", "main.js");
/** The widget's operation: the one measured from the response cache too. */
const CACHED_KEY = "related";
const CONNECTIONS = 8;

interface Settings {
  mode: "full" | "quick";
  /** Closed-loop seconds per round and level. */
  closedSeconds: number;
  /** Alternating L2/L3 closed-loop rounds per operation. */
  rounds: number;
  openSeconds: number;
  openRounds: number;
  warmupSeconds: number;
  l0Iterations: number;
  l0MaxMs: number;
  translationMs: number;
  /** tinybench's minimum iterations per operation (its default, 64, is seconds for the slowest). */
  translationIterations: number;
  /** The L3 probe at each scale: one request at a time, for this long … */
  probeSeconds: number;
  /** … but at least this many answers … */
  probeMinRequests: number;
  /** … and never longer than this. */
  probeMaxSeconds: number;
}

const FULL: Settings = {
  mode: "full",
  closedSeconds: 3,
  rounds: 5,
  openSeconds: 3,
  openRounds: 3,
  warmupSeconds: 2,
  l0Iterations: 200,
  l0MaxMs: 3000,
  translationMs: 500,
  translationIterations: 64,
  probeSeconds: 3,
  probeMinRequests: 20,
  probeMaxSeconds: 60,
};

// Sized so that start + seed (most of a minute on 2 cores) and about 10 s per operation fit in
// 3 minutes.
const QUICK: Settings = {
  mode: "quick",
  closedSeconds: 1,
  rounds: 2,
  openSeconds: 1,
  openRounds: 1,
  warmupSeconds: 0.5,
  l0Iterations: 30,
  l0MaxMs: 500,
  translationMs: 100,
  translationIterations: 10,
  probeSeconds: 1,
  probeMinRequests: 3,
  probeMaxSeconds: 10,
};

interface Distribution {
  p50: number;
  p99: number;
  n: number;
}

interface OperationResult {
  key: string;
  label: string;
  variables: Record<string, unknown>;
  roundTrips: number;
  waves: number;
  l0: Distribution;
  translation: TranslationResult | null;
  /** l1 and l3cached are empty where the level does not apply (see the header). */
  closed: { l1: LoadResult[]; l2: LoadResult[]; l3: LoadResult[]; l3cached: LoadResult[] };
  open: {
    rate: number;
    l1: (LoadResult & { intendedRate: number })[];
    l2: (LoadResult & { intendedRate: number })[];
    l3: (LoadResult & { intendedRate: number })[];
    l3cached: (LoadResult & { intendedRate: number })[];
  };
  ratios: {
    p50: Spread;
    p99: Spread;
    throughput: Spread;
    openP50: Spread;
    openP99: Spread;
    /** L3/L1 req/s and p50, per round triple; empty without L1. */
    l3OverL1Throughput: Spread;
    l3OverL1P50: Spread;
    /** L3 cached / L2 req/s; empty without the cached level. */
    cachedOverL2Throughput: Spread;
  };
  /** Why L1 did not answer this operation cleanly (the career operations need our resolvers). */
  l1Skipped?: string;
  /** Paired L3 p50 − L2 p50 (closed loop), ms. */
  p50Overhead: Spread;
  /** Set when the operation did not answer cleanly before any load and was left out. */
  skipped?: string;
}

interface ScalePoint {
  scale: Scale;
  roles: number;
  skills: number;
  tools: number;
  relationships: number;
  grow:
    | (Omit<GrowResult, "peakRssBytes"> & {
        peakRssBytes: number | null;
        wallMs: number;
        neo4jPeakRssBytes: number | null;
      })
    | null;
  operations: Record<string, { roundTrips: number; l0: Distribution; l3: LoadResult }>;
}

const benchStart = performance.now();
const log = (message: string) =>
  console.error(`bench [${((performance.now() - benchStart) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const toNumber = (v: unknown): number => (neo4j.isInt(v) ? v.toNumber() : Number(v));

function usage(): string {
  return [
    "usage: npm run bench -- [--quick] [--scales S,M,L]",
    "  --quick    short form: fewer, shorter rounds; scale S only (under 3 minutes)",
    "  --scales   scales to measure (default: S,M,L in full mode when the generator exists, S in quick mode)",
    "  --only     operations to measure, by key (comma-separated; default: all of them)",
    `             keys: ${OPERATION_KEYS.join(", ")}`,
  ].join("\n");
}

function parseScales(value: string | undefined, fallback: Scale[]): Scale[] {
  if (value === undefined) return fallback;
  const scales = value.split(",").map((s) => s.trim().toUpperCase());
  for (const s of scales) if (!["S", "M", "L"].includes(s)) throw new Error(`--scales: unknown scale ${s}`);
  if (scales[0] !== "S") throw new Error("--scales must start with S (the generator only grows the graph)");
  return scales as Scale[];
}

/** `--only`: the operation keys asked for, checked before anything starts; null for all. */
function parseOnly(value: string | undefined): Set<string> | null {
  if (value === undefined) return null;
  const keys = value
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  const unknown = keys.filter((k) => !OPERATION_KEYS.includes(k));
  if (keys.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only: unknown operation ${unknown.length > 0 ? unknown.join(", ") : "(none given)"}; the keys are ${OPERATION_KEYS.join(", ")}`,
    );
  }
  return new Set(keys);
}

function onlyOperations(operations: BenchOperation[], only: Set<string> | null): BenchOperation[] {
  return only ? operations.filter((op) => only.has(op.key)) : operations;
}

async function graphSize(driver: Driver, database: string) {
  const { records } = await driver.executeQuery(
    `CALL () { MATCH (r:Role) RETURN count(r) AS roles }
     CALL () { MATCH (s:Skill) RETURN count(s) AS skills }
     CALL () { MATCH (t:Tool) RETURN count(t) AS tools }
     CALL () { MATCH ()-[x]->() RETURN count(x) AS relationships }
     RETURN roles, skills, tools, relationships`,
    {},
    { database, routing: "READ" },
  );
  const r = records[0];
  return {
    roles: toNumber(r?.get("roles")),
    skills: toNumber(r?.get("skills")),
    tools: toNumber(r?.get("tools")),
    relationships: toNumber(r?.get("relationships")),
  };
}

async function machineInfo(driver: Driver, database: string) {
  const { records } = await driver.executeQuery(
    "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
    {},
    { database, routing: "READ" },
  );
  let commit = "unknown";
  let dirty = false;
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    dirty = execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryBytes: os.totalmem(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    neo4j: records
      .map(
        (r) =>
          `${r.get("name") as string} ${(r.get("versions") as string[]).join(",")} ${r.get("edition") as string}`,
      )
      .join("; "),
    gitCommit: commit,
    gitDirty: dirty,
    loadAverage: os.loadavg(),
  };
}

/**
 * Runs every operation once through an in-process copy of the service whose driver records what
 * it sends, and returns the statements per operation; also the database's answers, for the
 * translation benchmark. The copy is stopped before any timing starts.
 */
async function recordOperations(
  config: Config,
  driver: Driver,
  operations: readonly BenchOperation[],
): Promise<{
  recorded: Map<string, RecordedOperation>;
  canned: Map<string, QueryResult>;
  problems: Map<string, string>;
}> {
  const recorder = createRecorder(driver);
  const logger = createLogger("warn", "bench-record");
  const app = await startApp(config, logger, {
    driver: recorder.driver,
    uri: config.neo4jUri ?? "",
    database: config.neo4jDatabase,
    embedded: null,
    close: async () => {},
  });
  const recorded = new Map<string, RecordedOperation>();
  const canned = new Map<string, QueryResult>();
  const problems = new Map<string, string>();
  const post = async (body: string) => {
    const response = await fetch(`http://127.0.0.1:${app.port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, text: await response.text() };
  };
  try {
    // The first request also asks the database for its version: keep it out of the operations,
    // but keep its answer for the translation benchmark's fresh schema.
    recorder.reset();
    await post(JSON.stringify({ query: "{ sources(limit: 1) { id } }" }));
    for (const [k, v] of recorder.take().results) canned.set(k, v);
    for (const op of operations) {
      // A cold database on a busy machine can take longer than the service's transaction timeout
      // to plan a large generated query the first time (SERVICE_UNAVAILABLE); the plan is cached
      // by the next attempt. Only an operation that keeps failing is left out.
      let answer = { status: 0, text: "" };
      for (let attempt = 0; attempt < 5; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2000));
        recorder.reset();
        answer = await post(requestBody(op));
        if (answer.status === 200 && !hasErrors(answer.text)) break;
      }
      if (answer.status !== 200 || hasErrors(answer.text)) {
        problems.set(op.key, `recording: ${answer.status} ${answer.text.slice(0, 300)}`);
        continue;
      }
      const taken = recorder.take();
      recorded.set(op.key, taken);
      for (const [k, v] of taken.results) canned.set(k, v);
    }
  } finally {
    await app.stop();
  }
  return { recorded, canned, problems };
}

/** L0: the database's own time for an operation's statements, per run, summed over round trips. */
async function measureL0(
  driver: Driver,
  database: string,
  waves: Prepared[][],
  settings: Settings,
): Promise<Distribution> {
  const times: number[] = [];
  const deadline = performance.now() + settings.l0MaxMs;
  for (let i = 0; i < settings.l0Iterations && (i < 5 || performance.now() < deadline); i++) {
    let total = 0;
    for (const wave of waves) {
      for (const transaction of wave) {
        for (const result of await runTransaction(driver, database, transaction)) {
          total +=
            toNumber(result.summary.resultAvailableAfter) + toNumber(result.summary.resultConsumedAfter);
        }
      }
    }
    if (i > 0) times.push(total); // the first run warms the plan cache
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length };
}

/**
 * Sends the operation until it answers cleanly, at most `attempts` times: the first requests to a
 * fresh process (cold JIT, cold plan cache, a machine busy starting things) can be slow enough
 * to time out, which says nothing about the operation. Returns the last problem, or null.
 */
async function checkClean(target: Target, attempts = 5): Promise<string | null> {
  let problem: string | null = null;
  for (let i = 0; i < attempts; i++) {
    try {
      const get = target.method === "GET";
      const response = await fetch(`${target.baseUrl}${target.path}`, {
        method: get ? "GET" : "POST",
        headers: get ? { ...target.headers } : { "content-type": "application/json", ...target.headers },
        ...(get ? {} : { body: target.body }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      // An answer that names no data (a field without a resolver at L1) is not an answer.
      if (response.status === 200 && !hasErrors(text) && !/"data":\{"[^"]+":null/.test(text)) return null;
      problem = `${response.status} ${text.slice(0, 300)}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  return problem;
}

const bad = (r: LoadResult) => r.non2xx + r.errorBodies + r.transportErrors;

const LEVEL_NAMES = { l1: "L1", l2: "L2", l3: "L3", l3cached: "L3 cached" } as const;
const levelName = (level: keyof typeof LEVEL_NAMES) => LEVEL_NAMES[level];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean" },
      scales: { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const settings = values.quick ? QUICK : FULL;
  const only = parseOnly(values.only);
  const startedAt = new Date();
  const t0 = performance.now();
  const base = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const logger = createLogger(base.logLevel, "bench");
  const external = base.neo4jUri !== null;
  const scales = parseScales(values.scales, settings.mode === "full" && !external ? ["S", "M", "L"] : ["S"]);

  // Everything started here is stopped in `finally`, in reverse order.
  let embedded: EmbeddedNeo4j | null = null;
  let storeDir: string | null = null;
  let driver: Driver | null = null;
  const children: Child[] = [];
  const samplers: RssSampler[] = [];
  try {
    // L3 is the built service: build dist/ first when it is missing or stale, as `npm start` does.
    log("building dist/ when stale …");
    execFileSync(process.execPath, [path.join(ROOT, "src", "build.mjs"), "--if-stale"], {
      cwd: ROOT,
      stdio: ["ignore", process.stderr, process.stderr],
    });
    let uri = base.neo4jUri;
    if (uri === null) {
      storeDir = mkdtempSync(path.join(os.tmpdir(), "careers-graph-bench-"));
      log("starting the embedded Neo4j in a temporary store …");
      embedded = await startEmbeddedNeo4j({ storeDir: path.join(storeDir, "neo4j"), port: 0, logger });
      uri = embedded.uri;
    }
    // The embedded store's own password; with NEO4J_URI, NEO4J_USER / NEO4J_PASSWORD from the environment.
    const neo4jAuth = embedded
      ? { NEO4J_USER: embedded.credentials.user, NEO4J_PASSWORD: embedded.credentials.password }
      : {};
    const config = loadConfig({
      ...process.env,
      NEO4J_URI: uri,
      ...neo4jAuth,
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_ON_START: "false",
      RATE_LIMIT_COST_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
    });
    const database = config.neo4jDatabase;
    driver = createDriver(config, uri, logger);
    const neo4jSampler = embedded ? new RssSampler(embedded.pid) : null;
    if (neo4jSampler) samplers.push(neo4jSampler);
    log(external ? "seeding the external database when its seeds changed …" : "seeding …");
    const seedStart = performance.now();
    await seed({ driver, database, logger, force: !external });
    const seedMs = performance.now() - seedStart;
    const machine = await machineInfo(driver, database);
    const sizeS = await graphSize(driver, database);
    log(`graph at S: ${sizeS.roles} roles, ${sizeS.skills} skills, ${sizeS.relationships} relationships`);

    const operations = onlyOperations(
      benchOperations(await overlapRoleIds(driver, database, 10), await overlapRoleIds(driver, database, 50)),
      only,
    );

    // L3: the service, as deployed.
    const servicePort = await freePort();
    const serviceEnv = {
      ...process.env,
      NEO4J_URI: uri,
      ...neo4jAuth,
      PORT: String(servicePort),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SEED_ON_START: "false",
      RATE_LIMIT_COST_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
    };
    // Startup, process start to /readyz 200, on the seeded database: first as `npm start` runs it
    // (its seed step as a child, which finds the dataset already loaded), then the service alone,
    // which stays up as L3. Nothing else runs meanwhile.
    const startup = { withSeedStepMs: Number.NaN, serviceMs: Number.NaN };
    {
      const port = await freePort();
      log("startup of the built service with its seed step (the database is already seeded) …");
      const before = performance.now();
      const quickStart = startNode(
        SERVICE_ENTRY,
        [],
        { ...serviceEnv, PORT: String(port), SEED_ON_START: "true" },
        { tsx: false },
      );
      children.push(quickStart);
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, quickStart, 300_000, 20);
      startup.withSeedStepMs = performance.now() - before;
      await quickStart.stop();
    }
    log("starting the service (L3) …");
    const serviceStart = performance.now();
    const service = startNode(SERVICE_ENTRY, [], serviceEnv, { tsx: false });
    children.push(service);
    const l3Url = `http://127.0.0.1:${servicePort}`;
    const serviceSampler = new RssSampler(service.pid);
    samplers.push(serviceSampler);
    await waitForHttp(`${l3Url}/readyz`, service, 120_000, 20);
    startup.serviceMs = performance.now() - serviceStart;
    log(
      `startup: ${(startup.withSeedStepMs / 1000).toFixed(2)} s with the seed step, ${(startup.serviceMs / 1000).toFixed(2)} s without`,
    );

    log("recording the statements of each operation …");
    const { recorded, canned, problems } = await recordOperations(config, driver, operations);

    // L2: the bare handler, replaying the recording.
    const workDir = mkdtempSync(path.join(os.tmpdir(), "careers-graph-bench-ops-"));
    const opsFile = path.join(workDir, "operations.json");
    writeFileSync(opsFile, JSON.stringify(Object.fromEntries([...recorded].map(([k, r]) => [k, r.waves]))));
    log("starting the bare handler (L2) …");
    const l2 = startNode(path.join(ROOT, "tests", "bench", "l2-server.ts"), [opsFile], {
      ...process.env,
      NEO4J_URI: uri,
      ...neo4jAuth,
      LOG_LEVEL: "warn",
    });
    children.push(l2);
    const l2Port = Number((await waitForLine(l2, /LISTENING (\d+)/, 90_000))[1]);
    log("starting the plain library stack (L1) …");
    const l1 = startNode(path.join(ROOT, "tests", "bench", "l1-server.ts"), [], {
      ...process.env,
      NEO4J_URI: uri,
      ...neo4jAuth,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
    });
    children.push(l1);
    const l1Port = Number((await waitForLine(l1, /LISTENING (\d+)/, 90_000))[1]);
    log("the three servers are up");
    const l2Url = `http://127.0.0.1:${l2Port}`;
    const l1Url = `http://127.0.0.1:${l1Port}`;
    rmSync(workDir, { recursive: true, force: true });
    const l2Sampler = new RssSampler(l2.pid);
    samplers.push(l2Sampler);
    const l1Sampler = new RssSampler(l1.pid);
    samplers.push(l1Sampler);

    const targets = new Map<string, { l1: Target | null; l2: Target; l3: Target; l3cached: Target | null }>();
    const l1Problems = new Map<string, string>();
    for (const op of operations) {
      if (problems.has(op.key)) continue;
      const body = requestBody(op);
      const t = {
        l1: op.generated ? { baseUrl: l1Url, path: "/", body } : null,
        l2: { baseUrl: l2Url, path: `/op/${op.key}`, body },
        l3: { baseUrl: l3Url, path: "/graphql", body },
        l3cached:
          op.key === CACHED_KEY
            ? {
                baseUrl: l3Url,
                path: getPath(op),
                body: "",
                method: "GET" as const,
                // What a browser's GET must carry past CSRF prevention (docs/clients.md).
                headers: { "apollo-require-preflight": "true" },
              }
            : null,
      };
      const l3Problem = await checkClean(t.l3);
      // The service's own log says why (it logs what it masks for the client).
      const problem = l3Problem
        ? `L3: ${l3Problem}\n  service output: ${service.output().slice(-1500)}`
        : ((await checkClean(t.l2)) ?? (t.l3cached ? ((await checkClean(t.l3cached)) ?? null) : null));
      if (problem) {
        problems.set(op.key, problem);
        continue;
      }
      if (t.l1) {
        const l1Problem = await checkClean(t.l1, 2);
        if (l1Problem) {
          l1Problems.set(op.key, l1Problem);
          t.l1 = null;
        }
      }
      targets.set(op.key, t);
    }
    for (const [key, problem] of l1Problems) log(`${key}: L1 does not answer it cleanly: ${problem}`);
    for (const [key, problem] of problems) log(`${key} does not answer cleanly and is left out: ${problem}`);
    const measured = operations.filter((op) => targets.has(op.key));

    log("translation (in-process GraphQL layer, database stubbed) …");
    const translation = await measureTranslation(measured, canned, {
      database,
      timeoutMs: config.queryTimeoutMs,
      timePerTaskMs: settings.translationMs,
      iterations: settings.translationIterations,
    });

    const results: OperationResult[] = [];
    let rssBeforeCache: number | null = null;
    let rssAfterCache: number | null = null;
    for (const op of operations) {
      const rec = recorded.get(op.key);
      const target = targets.get(op.key);
      if (!rec || !target) {
        results.push(skippedResult(op, problems.get(op.key) ?? "not recorded"));
        continue;
      }
      log(`${op.label}: L0 …`);
      const l0 = await measureL0(driver, database, prepare(rec.waves), settings);
      // The levels this operation has, measured in turn within each round.
      const levels = (["l1", "l2", "l3", "l3cached"] as const).filter((level) => target[level] !== null);
      log(
        `${op.label}: closed loop, ${settings.rounds} × (${levels.map(levelName).join(", ")}) × ${settings.closedSeconds} s …`,
      );
      const warm = { connections: CONNECTIONS, durationSeconds: settings.warmupSeconds };
      for (const level of levels) await closedLoop(target[level] as Target, warm);
      if (target.l3cached) rssBeforeCache = procStatusBytes(service.pid, "VmRSS");
      const closed: OperationResult["closed"] = { l1: [], l2: [], l3: [], l3cached: [] };
      for (let round = 0; round < settings.rounds; round++) {
        const loop = { connections: CONNECTIONS, durationSeconds: settings.closedSeconds };
        for (const level of levels) closed[level].push(await closedLoop(target[level] as Target, loop));
      }
      const rate = Math.max(1, Math.round(median(closed.l2.map((r) => r.requestsPerSecond)) / 2));
      log(
        `${op.label}: open loop at ${rate} req/s, ${settings.openRounds} × (${levels.map(levelName).join(", ")}) × ${settings.openSeconds} s …`,
      );
      const open: OperationResult["open"] = { rate, l1: [], l2: [], l3: [], l3cached: [] };
      for (let round = 0; round < settings.openRounds; round++) {
        const loop = { ratePerSecond: rate, durationSeconds: settings.openSeconds };
        for (const level of levels) open[level].push(await openLoop(target[level] as Target, loop));
      }
      if (target.l3cached) rssAfterCache = procStatusBytes(service.pid, "VmRSS");
      const p = (rs: LoadResult[], f: (r: LoadResult) => number) => rs.map(f);
      results.push({
        key: op.key,
        label: op.label,
        variables: op.variables,
        roundTrips: rec.roundTrips,
        waves: rec.waves.length,
        l0,
        translation: translation.get(op.key) ?? null,
        closed,
        open,
        ratios: {
          p50: spread(
            pairedRatios(
              p(closed.l3, (r) => r.p50Ms),
              p(closed.l2, (r) => r.p50Ms),
            ),
          ),
          p99: spread(
            pairedRatios(
              p(closed.l3, (r) => r.p99Ms),
              p(closed.l2, (r) => r.p99Ms),
            ),
          ),
          throughput: spread(
            pairedRatios(
              p(closed.l3, (r) => r.requestsPerSecond),
              p(closed.l2, (r) => r.requestsPerSecond),
            ),
          ),
          openP50: spread(
            pairedRatios(
              p(open.l3, (r) => r.p50Ms),
              p(open.l2, (r) => r.p50Ms),
            ),
          ),
          openP99: spread(
            pairedRatios(
              p(open.l3, (r) => r.p99Ms),
              p(open.l2, (r) => r.p99Ms),
            ),
          ),
          l3OverL1Throughput: spread(
            closed.l1.length
              ? pairedRatios(
                  p(closed.l3, (r) => r.requestsPerSecond),
                  p(closed.l1, (r) => r.requestsPerSecond),
                )
              : [],
          ),
          l3OverL1P50: spread(
            closed.l1.length
              ? pairedRatios(
                  p(closed.l3, (r) => r.p50Ms),
                  p(closed.l1, (r) => r.p50Ms),
                )
              : [],
          ),
          cachedOverL2Throughput: spread(
            closed.l3cached.length
              ? pairedRatios(
                  p(closed.l3cached, (r) => r.requestsPerSecond),
                  p(closed.l2, (r) => r.requestsPerSecond),
                )
              : [],
          ),
        },
        ...(l1Problems.has(op.key) ? { l1Skipped: l1Problems.get(op.key) } : {}),
        p50Overhead: spread(closed.l3.map((r, i) => r.p50Ms - (closed.l2[i]?.p50Ms ?? Number.NaN))),
      });
    }
    await l2.stop();
    await l1.stop();

    // Scaling: the same questions as the graph grows; L0 and an L3 probe at each scale.
    const points: ScalePoint[] = [];
    for (const scale of scales) {
      let grow: ScalePoint["grow"] = null;
      if (scale !== "S") {
        log(`growing the graph to ${scale} …`);
        const before = performance.now();
        const jvmWindow = embedded ? new RssSampler(embedded.pid, 100) : null;
        const grower = startNode(path.join(ROOT, "tests", "bench", "grow.ts"), [scale], {
          ...process.env,
          NEO4J_URI: uri,
          ...neo4jAuth,
          LOG_LEVEL: "warn",
        });
        children.push(grower);
        const growSampler = new RssSampler(grower.pid, 100);
        const line = waitForLine(grower, /GROWN (\{.*\})/, 30 * 60_000);
        const code = await grower.exited;
        growSampler.stop();
        jvmWindow?.stop();
        if (code !== 0) throw new Error(`bench: growing to ${scale} failed:\n${grower.output()}`);
        const reported = JSON.parse((await line)[1] as string) as Omit<GrowResult, "peakRssBytes"> & {
          peakRssBytes: number | null;
        };
        grow = {
          ...reported,
          peakRssBytes: reported.peakRssBytes ?? growSampler.polledPeak,
          wallMs: performance.now() - before,
          neo4jPeakRssBytes: jvmWindow?.polledPeak ?? null,
        };
      }
      const size = scale === "S" ? sizeS : await graphSize(driver, database);
      log(`scale ${scale}: ${size.roles} roles; ${scale === "S" ? "" : "recording, L0 and "}L3 probe …`);
      // At S the statements and L0 of the main measurement serve; a grown graph may make the
      // service send other statements (more ids to delegate), so it is recorded again.
      const { recorded: atScale, problems: scaleProblems } =
        scale === "S"
          ? { recorded, problems: new Map<string, string>() }
          : await recordOperations(config, driver, measured);
      const point: ScalePoint = { scale, ...size, grow, operations: {} };
      for (const op of measured) {
        const rec = atScale.get(op.key);
        const target = targets.get(op.key);
        if (!rec || !target) {
          log(`scale ${scale}: ${op.key} failed: ${scaleProblems.get(op.key) ?? "not recorded"}`);
          continue;
        }
        const mainL0 = results.find((r) => r.key === op.key)?.l0;
        const l0 =
          scale === "S" && mainL0 ? mainL0 : await measureL0(driver, database, prepare(rec.waves), settings);
        await sequentialProbe(target.l3, {
          seconds: 0,
          minRequests: 2,
          maxSeconds: settings.probeMaxSeconds,
        });
        const l3 = await sequentialProbe(target.l3, {
          seconds: settings.probeSeconds,
          minRequests: settings.probeMinRequests,
          maxSeconds: settings.probeMaxSeconds,
        });
        point.operations[op.key] = { roundTrips: rec.roundTrips, l0, l3 };
      }
      points.push(point);
    }

    const memory = {
      serviceHighWaterBytes: serviceSampler.highWaterMark,
      servicePolledPeakBytes: serviceSampler.polledPeak,
      serviceRssBeforeCacheBytes: rssBeforeCache,
      serviceRssAfterCacheBytes: rssAfterCache,
      l1HighWaterBytes: l1Sampler.polledPeak,
      l2HighWaterBytes: l2Sampler.highWaterMark ?? l2Sampler.polledPeak,
      neo4jHighWaterBytes: embedded ? (neo4jSampler?.highWaterMark ?? null) : null,
      neo4jPolledPeakBytes: neo4jSampler?.polledPeak ?? null,
    };
    const elapsedSeconds = (performance.now() - t0) / 1000;
    const report = {
      startedAt: startedAt.toISOString(),
      elapsedSeconds,
      settings: { ...settings, connections: CONNECTIONS, scales },
      notes: [
        "L3 runs with RATE_LIMIT_COST_PER_MINUTE=0: all load comes from one loopback client, whose per-client budget would otherwise answer 429 and measure the rate limiter.",
        "L0 sums the database time of an operation's statements; L2 replays them wave by wave (statements the service sent together run concurrently).",
        "Translation: the operation executed in-process through the service's schema with a stub driver that answers from the recorded results (no database, no HTTP).",
        "Open loop: requests sent at fixed intervals, latency measured from each request's intended send time (coordinated-omission aware).",
      ],
      machine,
      database: { external, seedMs, size: sizeS },
      startup,
      operations: results,
      scaling: points,
      memory,
      problems: Object.fromEntries(problems),
    };
    const markdown = renderMarkdown(report, results, points, memory, startup);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(RESULTS_DIR, "latest.md"), `${markdown}\n`);
    console.log(markdown);
    log(`done in ${elapsedSeconds.toFixed(0)} s; results in bench/results/latest.json and latest.md`);
    const badAnswers = results.reduce(
      (n, r) =>
        n +
        [...Object.values(r.closed), ...[r.open.l1, r.open.l2, r.open.l3, r.open.l3cached]]
          .flat()
          .reduce((m, x) => m + bad(x), 0),
      0,
    );
    return problems.size > 0 || badAnswers > 0 ? 1 : 0;
  } finally {
    for (const s of samplers) s.stop();
    for (const child of children.reverse()) await child.stop();
    await driver?.close();
    await embedded?.stop();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  }
}

function skippedResult(op: BenchOperation, reason: string): OperationResult {
  const empty = spread([]);
  return {
    key: op.key,
    label: op.label,
    variables: op.variables,
    roundTrips: 0,
    waves: 0,
    l0: { p50: Number.NaN, p99: Number.NaN, n: 0 },
    translation: null,
    closed: { l1: [], l2: [], l3: [], l3cached: [] },
    open: { rate: 0, l1: [], l2: [], l3: [], l3cached: [] },
    ratios: {
      p50: empty,
      p99: empty,
      throughput: empty,
      openP50: empty,
      openP99: empty,
      l3OverL1Throughput: empty,
      l3OverL1P50: empty,
      cachedOverL2Throughput: empty,
    },
    p50Overhead: empty,
    skipped: reason,
  };
}

const med = (rs: LoadResult[], f: (r: LoadResult) => number) => median(rs.map(f));

interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
}

function targetRows(
  results: OperationResult[],
  points: ScalePoint[],
  startup: { withSeedStepMs: number; serviceMs: number },
): TargetRow[] {
  const rows: TargetRow[] = [];
  const measuredOp = (key: string) => {
    const r = results.find((x) => x.key === key);
    return r && !r.skipped ? r : undefined;
  };
  // Our own layers over the plain library, on the operations both answer.
  const generated = results.filter((r) => !r.skipped && r.closed.l1.length > 0);
  for (const r of generated) {
    rows.push({
      target: `${r.label}: L3 throughput ≥ 0.95 × L1`,
      measured: `${fmtSpread(r.ratios.l3OverL1Throughput)} ×`,
      met: r.ratios.l3OverL1Throughput.median >= 0.95,
    });
  }
  if (generated.length === 0)
    rows.push({
      target: "L3 throughput ≥ 0.95 × L1 (generated operations)",
      measured: "not measured",
      met: null,
    });
  for (const key of ["related", "profile"]) {
    const r = measuredOp(key);
    rows.push({
      target: `${r?.label ?? key}: L3 throughput ≥ 0.8 × L2`,
      measured: r ? `${fmt(r.ratios.throughput.median, 2)} ×` : "not measured",
      met: r ? r.ratios.throughput.median >= 0.8 : null,
    });
    rows.push({
      target: `${r?.label ?? key}: L3 p50 ≤ L2 p50 + 2 ms`,
      measured: r ? `+${fmt(r.p50Overhead.median, 2)} ms` : "not measured",
      met: r ? r.p50Overhead.median <= 2 : null,
    });
    rows.push({
      target: `${r?.label ?? key}: L3 open-loop p99 ≤ 2 × L2's`,
      measured: r ? `${fmt(r.ratios.openP99.median, 2)} ×` : "not measured",
      met: r ? r.ratios.openP99.median <= 2 : null,
    });
  }
  const cached = measuredOp(CACHED_KEY);
  const hits = cached ? cached.closed.l3cached.reduce((n, x) => n + x.cacheHits, 0) : 0;
  const answers = cached ? cached.closed.l3cached.reduce((n, x) => n + x.requests, 0) : 0;
  rows.push({
    target: `${cached?.label ?? CACHED_KEY}: L3 cached throughput ≥ 3 × L2`,
    measured:
      cached && answers > 0
        ? `${fmt(cached.ratios.cachedOverL2Throughput.median, 2)} × (cache hits: ${hits} of ${answers} answers)`
        : "not measured",
    met: cached && answers > 0 ? cached.ratios.cachedOverL2Throughput.median >= 3 : null,
  });
  const matrix = measuredOp("overlap50m");
  rows.push({
    target: "skillOverlap of 50 roles, matrix form: L3 throughput ≥ 0.6 × L2",
    measured: matrix ? `${fmt(matrix.ratios.throughput.median, 2)} ×` : "not measured",
    met: matrix ? matrix.ratios.throughput.median >= 0.6 : null,
  });
  rows.push({
    target: "startup of the built service on a seeded database (start to /readyz 200), reported",
    measured: `${fmt(startup.serviceMs / 1000, 2)} s alone; ${fmt(startup.withSeedStepMs / 1000, 2)} s with its seed step`,
    met: null,
  });
  const atL = points.find((p) => p.scale === "L");
  const limits: [string, string, number][] = [
    ["related", "relatedRoles p99 at L < 50 ms", 50],
    ["paths", "careerPaths p99 at L < 200 ms", 200],
    ["overlap50", "skillOverlap of 50 roles p99 at L < 500 ms", 500],
  ];
  for (const [key, target, limit] of limits) {
    const probe = atL?.operations[key];
    rows.push({
      target,
      measured: probe ? `${fmt(probe.l3.p99Ms)} ms` : "not measured (no L scale in this run)",
      met: probe ? probe.l3.p99Ms < limit : null,
    });
  }
  return rows;
}

function growthOf(
  points: ScalePoint[],
  key: string,
): { growth: Growth; exponent: number; l0Exponent: number } {
  const first = points[0];
  const last = points[points.length - 1];
  const a = first?.operations[key];
  const b = last?.operations[key];
  if (!first || !last || first === last || !a || !b)
    return { growth: "n/a", exponent: Number.NaN, l0Exponent: Number.NaN };
  const exponent = growthExponent(a.l3.p50Ms, b.l3.p50Ms, first.roles, last.roles);
  return {
    growth: classifyGrowth(exponent),
    exponent,
    l0Exponent: growthExponent(a.l0.p50, b.l0.p50, first.roles, last.roles),
  };
}

function renderMarkdown(
  report: {
    startedAt: string;
    elapsedSeconds: number;
    settings: Settings & { connections: number; scales: Scale[] };
    machine: Awaited<ReturnType<typeof machineInfo>>;
    notes: string[];
    problems: Record<string, string>;
  },
  results: OperationResult[],
  points: ScalePoint[],
  memory: Record<string, number | null>,
  startup: { withSeedStepMs: number; serviceMs: number },
): string {
  const m = report.machine;
  const s = report.settings;
  const out: string[] = [];
  out.push(`## Benchmark (${s.mode}) — ${report.startedAt}`);
  out.push("");
  out.push(
    `Machine: ${m.cores} × ${m.cpuModel}, ${mb(m.memoryBytes)} RAM, ${m.platform}; Node ${m.node}; ${m.neo4j}; ` +
      `commit ${m.gitCommit.slice(0, 12)}${m.gitDirty ? " (with uncommitted changes)" : ""}; load average at start ${m.loadAverage.map((x) => x.toFixed(2)).join(" ")}.`,
  );
  out.push(
    `Closed loop: ${s.connections} connections, ${s.rounds} alternating rounds of ${s.closedSeconds} s per level. ` +
      `Open loop: half of L2's closed-loop throughput, ${s.openRounds} alternating round(s) of ${s.openSeconds} s. ` +
      `L3 runs with RATE_LIMIT_COST_PER_MINUTE=0 (one loopback client would otherwise hit its own per-client budget). Took ${report.elapsedSeconds.toFixed(0)} s.`,
  );
  out.push("");
  out.push("### Levels side by side (L1 plain library, L2 bare handler, L3 service, L3 cached)");
  out.push("");
  const levelCells = (r: OperationResult, level: "l1" | "l2" | "l3" | "l3cached"): string[] => {
    const closed = r.closed[level];
    if (closed.length === 0) return ["n/a", "n/a"];
    const open = r.open[level];
    return [
      fmt(
        med(closed, (x) => x.requestsPerSecond),
        0,
      ),
      `${fmt(
        med(closed, (x) => x.p50Ms),
        2,
      )} / ${fmt(
        med(closed, (x) => x.p99Ms),
        2,
      )} / ${open.length ? fmt(median(open.map((x) => x.p99Ms)), 2) : "n/a"}`,
    ];
  };
  out.push(
    markdownTable(
      [
        "Operation",
        "L1 req/s",
        "L1 p50 / p99 / open p99 ms",
        "L2 req/s",
        "L2 p50 / p99 / open p99 ms",
        "L3 req/s",
        "L3 p50 / p99 / open p99 ms",
        "L3 cached req/s",
        "L3 cached p50 / p99 / open p99 ms",
        "L3/L1 req/s",
        "L3/L2 req/s",
      ],
      results
        .filter((r) => !r.skipped)
        .map((r) => [
          r.label,
          ...levelCells(r, "l1"),
          ...levelCells(r, "l2"),
          ...levelCells(r, "l3"),
          ...levelCells(r, "l3cached"),
          r.closed.l1.length ? fmtSpread(r.ratios.l3OverL1Throughput) : "n/a",
          fmtSpread(r.ratios.throughput),
        ]),
    ),
  );
  out.push("");
  out.push(
    `Closed loop at ${s.connections} connections (req/s, p50, p99: medians over rounds); open loop at half of L2's throughput. ` +
      "L1 answers only the generated operations (n/a: the operation needs the service's own resolvers). " +
      "L3 cached: the widget's anonymous GET, answered from the response cache (hits counted by the Age header, in the targets below). " +
      `Startup on the seeded database, process start to /readyz 200: ${fmt(startup.serviceMs / 1000, 2)} s for the built service alone, ` +
      `${fmt(startup.withSeedStepMs / 1000, 2)} s with its seed step (a child process that finds the dataset loaded).`,
  );
  out.push("");
  out.push("### GraphQL service (L3) against the bare handler (L2) and the database (L0), closed loop");
  out.push("");
  out.push(
    markdownTable(
      [
        "Operation",
        "DB round trips (waves)",
        "L0 p50 ms",
        "L2 p50 / p99 ms",
        "L2 req/s",
        "L3 p50 / p99 ms",
        "L3 req/s",
        "L3/L2 p50",
        "L3/L2 p99",
        "L3/L2 req/s",
        "GraphQL layer mean / p99 ms",
        "bad answers L2 / L3",
      ],
      results.map((r) => {
        if (r.skipped)
          return [
            r.label,
            "—",
            "—",
            "—",
            "—",
            "—",
            "—",
            "—",
            "—",
            "—",
            "—",
            `left out: ${(r.skipped.split("\n")[0] ?? "").slice(0, 80)}`,
          ];
        const t = r.translation;
        return [
          r.label,
          `${r.roundTrips} (${r.waves})`,
          fmt(r.l0.p50, 2),
          `${fmt(
            med(r.closed.l2, (x) => x.p50Ms),
            2,
          )} / ${fmt(
            med(r.closed.l2, (x) => x.p99Ms),
            2,
          )}`,
          fmt(
            med(r.closed.l2, (x) => x.requestsPerSecond),
            0,
          ),
          `${fmt(
            med(r.closed.l3, (x) => x.p50Ms),
            2,
          )} / ${fmt(
            med(r.closed.l3, (x) => x.p99Ms),
            2,
          )}`,
          fmt(
            med(r.closed.l3, (x) => x.requestsPerSecond),
            0,
          ),
          fmtSpread(r.ratios.p50),
          fmtSpread(r.ratios.p99),
          fmtSpread(r.ratios.throughput),
          t ? `${fmt(t.meanMs, 2)} / ${fmt(t.p99Ms, 2)}${t.misses || t.errors.length ? " (!)" : ""}` : "n/a",
          `${[...r.closed.l2, ...r.open.l2].reduce((n, x) => n + bad(x), 0)} / ${[...r.closed.l3, ...r.open.l3].reduce((n, x) => n + bad(x), 0)}`,
        ];
      }),
    ),
  );
  out.push("");
  out.push(
    "Latencies and req/s are medians over rounds; ratios are per alternating round pair, median (min–max).",
  );
  out.push("");
  out.push("### Open loop (fixed rate, latency from the intended send time)");
  out.push("");
  out.push(
    markdownTable(
      ["Operation", "rate req/s", "L2 p50 / p99 ms", "L3 p50 / p99 ms", "L3/L2 p50", "L3/L2 p99"],
      results
        .filter((r) => !r.skipped)
        .map((r) => [
          r.label,
          String(r.open.rate),
          `${fmt(
            med(r.open.l2, (x) => x.p50Ms),
            2,
          )} / ${fmt(
            med(r.open.l2, (x) => x.p99Ms),
            2,
          )}`,
          `${fmt(
            med(r.open.l3, (x) => x.p50Ms),
            2,
          )} / ${fmt(
            med(r.open.l3, (x) => x.p99Ms),
            2,
          )}`,
          fmtSpread(r.ratios.openP50),
          fmtSpread(r.ratios.openP99),
        ]),
    ),
  );
  out.push("");
  out.push("### Scaling (L3 one request at a time: p50 / p99 ms; L0 p50 ms; round trips)");
  out.push("");
  const keys = results.filter((r) => !r.skipped);
  out.push(
    markdownTable(
      ["Operation", ...points.map((p) => `${p.scale} (${p.roles} roles)`), "growth (exponent L3 / L0)"],
      keys.map((r) => {
        const g = growthOf(points, r.key);
        return [
          r.label,
          ...points.map((p) => {
            const o = p.operations[r.key];
            return o
              ? `${fmt(o.l3.p50Ms, 2)} / ${fmt(o.l3.p99Ms, 2)} (L0 ${fmt(o.l0.p50, 2)}, ${o.roundTrips} rt${bad(o.l3) ? `, ${bad(o.l3)} bad` : ""})`
              : "failed";
          }),
          g.growth === "n/a"
            ? "n/a (one scale)"
            : `${g.growth} (${fmt(g.exponent, 2)} / ${fmt(g.l0Exponent, 2)})`,
        ];
      }),
    ),
  );
  out.push("");
  out.push(
    markdownTable(
      [
        "Scale",
        "roles",
        "skills",
        "tools",
        "relationships",
        "load s",
        "generator peak RSS",
        "Neo4j peak RSS during load",
      ],
      points.map((p) => [
        p.scale,
        String(p.roles),
        String(p.skills),
        String(p.tools),
        String(p.relationships),
        p.grow ? fmt(p.grow.loadMs / 1000, 1) : "seed",
        p.grow ? mb(p.grow.peakRssBytes) : "—",
        p.grow ? mb(p.grow.neo4jPeakRssBytes) : "—",
      ]),
    ),
  );
  out.push("");
  out.push(
    "Growth: exponent k of p50 ∝ roles^k between the smallest and largest scale; flat < 0.25 ≤ sublinear < 0.75 ≤ linear ≤ 1.25 < superlinear.",
  );
  out.push("");
  out.push("### Memory (peak RSS)");
  out.push("");
  out.push(
    markdownTable(
      ["Process", "peak RSS"],
      [
        ["service (L3), lifetime high-water mark", mb(memory.serviceHighWaterBytes)],
        [
          "service (L3), resident before / after the cached rounds",
          `${mb(memory.serviceRssBeforeCacheBytes)} / ${mb(memory.serviceRssAfterCacheBytes)}`,
        ],
        ["plain library stack (L1)", mb(memory.l1HighWaterBytes)],
        ["bare handler (L2)", mb(memory.l2HighWaterBytes)],
        ["Neo4j JVM", memory.neo4jHighWaterBytes === null ? "external" : mb(memory.neo4jHighWaterBytes)],
      ],
    ),
  );
  out.push("");
  out.push("### Targets (reported, not asserted)");
  out.push("");
  out.push(
    markdownTable(
      ["Target", "Measured", "Met"],
      targetRows(results, points, startup).map((t) => [
        t.target,
        t.measured,
        t.met === null ? "—" : t.met ? "yes" : "no",
      ]),
    ),
  );
  if (Object.keys(report.problems).length > 0) {
    out.push("");
    out.push("Left out (did not answer cleanly before any load):");
    for (const [key, problem] of Object.entries(report.problems)) out.push(`- ${key}: ${problem}`);
  }
  return out.join("\n");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
