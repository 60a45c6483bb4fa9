/**
 * How each operation's cost grows with the graph: starts its own embedded Neo4j (temporary
 * store), seeds it (S), runs every operation through the real service in this process, then grows
 * the graph to M and L with the synthetic generator and measures again.
 *
 *   npx tsx tests/bench/synthetic/scaling.ts [--scales S,M,L] [--iterations 30] [--out FILE]
 *
 * Per operation and scale: the service's latency over HTTP (p50, p99), the database time of the
 * Cypher the service sent for it (resultAvailableAfter + resultConsumedAfter, summed over the
 * operation's queries; p50, p99), its number of queries, and the db hits of its heaviest query
 * (PROFILE). Figures, not assertions: the machine is shared and timings are noisy.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import neo4j, { type Driver } from "neo4j-driver";
import { startApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createDriver } from "../../../src/db/driver.js";
import { startEmbeddedNeo4j } from "../../../src/db/embedded-neo4j.js";
import { createLogger } from "../../../src/logger.js";
import { readExamples } from "../../../src/schema/examples.js";
import { seed } from "../../../src/seed/pipeline.js";
import { recordQueries, type RecordedQuery } from "../../utils/query-recorder.js";
import { growGraph, type Scale } from "./generate.js";
import { procStatusBytes } from "../processes.js";

interface Operation {
  name: string;
  example: string;
  variables: Record<string, unknown>;
}

interface Measurement {
  scale: Scale;
  operation: string;
  variables: Record<string, unknown>;
  queries: number;
  httpP50: number;
  httpP99: number;
  dbP50: number;
  dbP99: number;
  dbHits: number;
  errors?: string;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);

async function one<T>(driver: Driver, cypher: string, params: Record<string, unknown> = {}): Promise<T> {
  const { records } = await driver.executeQuery(cypher, params, { database: "neo4j" });
  return records[0]?.toObject() as T;
}

/** Representative and worst-case arguments of every operation at the current scale. */
async function operations(driver: Driver): Promise<Operation[]> {
  // The role whose skills, tools and sectors are shared with the most other roles: the widest
  // fan-out for relatedRoles (degree counts are O(1) per node).
  const widest = await one<{ id: string; fanout: number }>(
    driver,
    `MATCH (r:Role)
     WITH r,
       COLLECT { MATCH (r)-[:REQUIRES_SKILL]->(s) RETURN COUNT { (s)<-[:REQUIRES_SKILL]-() } } AS a,
       COLLECT { MATCH (r)-[:USES_TOOL]->(t) RETURN COUNT { (t)<-[:USES_TOOL]-() } } AS b,
       COLLECT { MATCH (r)-[:WORKS_IN]->(x) RETURN COUNT { (x)<-[:WORKS_IN]-() } } AS c
     WITH r, reduce(n = 0, d IN a + b + c | n + d) AS fanout
     ORDER BY fanout DESC, r.id LIMIT 1
     RETURN r.id AS id, fanout`,
  );
  const biggest = await one<{ ids: string[] }>(
    driver,
    `MATCH (r:Role) WITH r ORDER BY r.skillCount DESC, r.id LIMIT 50 RETURN collect(r.id) AS ids`,
  );
  // A 4-move path between two synthetic roles when there are any, else the example's real pair.
  const path4 = await one<{ from: string; to: string } | undefined>(
    driver,
    `MATCH (a:Role) WHERE a.id STARTS WITH "syn-role-"
     WITH a ORDER BY a.id LIMIT 2000
     MATCH (a)-[:PROGRESSES_TO]->()-[:PROGRESSES_TO]->()-[:PROGRESSES_TO]->()-[:PROGRESSES_TO]->(b:Role)
     WHERE NOT EXISTS { (a)-[:PROGRESSES_TO]->{1,3}(b) }
     RETURN a.id AS from, b.id AS to LIMIT 1`,
  );
  const ids = biggest.ids;
  const ops: Operation[] = [
    { name: "profile (COO)", example: "01-coo-profile", variables: { id: "chief-operating-officer" } },
    { name: "profile (widest role)", example: "01-coo-profile", variables: { id: widest.id } },
    {
      name: "relatedRoles (supply-chain-director)",
      example: "04-related-jobs-widget",
      variables: { id: "supply-chain-director", limit: 5 },
    },
    {
      name: `relatedRoles (widest role)`,
      example: "04-related-jobs-widget",
      variables: { id: widest.id, limit: 5 },
    },
    {
      name: "searchRoles (typo)",
      example: "05-search-roles",
      variables: { text: "suply chain director", limit: 5 },
    },
    {
      name: "searchRoles (common words)",
      example: "05-search-roles",
      variables: { text: "operations manager", limit: 10 },
    },
    {
      name: "careerPaths 4 (real example)",
      example: "06-career-paths",
      variables: { from: "logistics-director", to: "chief-operating-officer", maxSteps: 4, limit: 3 },
    },
    {
      name: "careerPaths 4 (no path)",
      example: "06-career-paths",
      variables: { from: "chief-operating-officer", to: "logistics-director", maxSteps: 4, limit: 3 },
    },
    {
      name: "compareRoles (two largest)",
      example: "07-compare-roles",
      variables: { from: ids[0], to: ids[1] },
    },
    {
      name: "skillOverlap 10 (largest)",
      example: "08-skill-overlap",
      variables: { roleIds: ids.slice(0, 10) },
    },
    {
      name: "skillOverlap 50 (largest)",
      example: "08-skill-overlap",
      variables: { roleIds: ids.slice(0, 50) },
    },
    { name: "sources (contributions)", example: "10-sources", variables: {} },
  ];
  if (path4) {
    ops.splice(7, 0, {
      name: "careerPaths 4 (synthetic, 4 moves)",
      example: "06-career-paths",
      variables: { from: path4.from, to: path4.to, maxSteps: 4, limit: 3 },
    });
  }
  return ops;
}

function dbHitsOf(plan: { dbHits?: number; children?: unknown[] } | null): number {
  if (!plan) return 0;
  return (
    (plan.dbHits ?? 0) + (plan.children ?? []).reduce<number>((n, c) => n + dbHitsOf(c as typeof plan), 0)
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scales: { type: "string", default: "S,M,L" },
      iterations: { type: "string", default: "30" },
      out: { type: "string" },
      "budget-ms": { type: "string", default: "20000" },
    },
  });
  const scales = (values.scales ?? "S,M,L").split(",") as Scale[];
  const iterations = Number(values.iterations);
  const budgetMs = Number(values["budget-ms"]);
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn", "scaling");
  const storeDir = mkdtempSync(path.join(tmpdir(), "careers-graph-scaling-"));
  const embedded = await startEmbeddedNeo4j({ storeDir: path.join(storeDir, "neo4j"), port: 0, logger });
  const config = loadConfig({
    NEO4J_URI: embedded.uri,
    NEO4J_USER: embedded.credentials.user,
    NEO4J_PASSWORD: embedded.credentials.password,
    PORT: "0",
    HOST: "127.0.0.1",
    SEED_ON_START: "false",
    RATE_LIMIT_COST_PER_MINUTE: "0",
    // Long enough that a slow operation is measured rather than cut off.
    QUERY_TIMEOUT_MS: "60000",
    LOG_LEVEL: "warn",
  });
  const driver = createDriver(config, embedded.uri, logger);
  const recorder = recordQueries(driver);
  const results: Measurement[] = [];
  const loads: unknown[] = [];
  try {
    const seeded = await seed({ driver, database: "neo4j", logger, force: true });
    loads.push({ scale: "S", loadMs: Math.round(seeded.millis) });
    const app = await startApp(config, logger, {
      driver: recorder.driver,
      uri: embedded.uri,
      database: "neo4j",
      embedded: null,
      close: async () => {},
    });
    const examples = new Map(readExamples().map((e) => [e.file.replace(/\.graphql$/, ""), e]));
    const url = `http://127.0.0.1:${app.port}/graphql`;
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { errors?: { message: string }[] };
    };
    try {
      for (const scale of scales) {
        if (scale !== "S") {
          const grown = await growGraph(driver, "neo4j", scale, { logger });
          loads.push({ ...grown, neo4jPeakRssBytes: procStatusBytes(embedded.pid, "VmHWM") });
          console.error(`grown to ${scale}: ${JSON.stringify(grown)}`);
        }
        for (const op of await operations(driver)) {
          const example = examples.get(op.example);
          if (!example) throw new Error(`no example ${op.example}`);
          recorder.queries.length = 0;
          const first = await post(example.query, op.variables);
          const queries: RecordedQuery[] = [...recorder.queries];
          const http: number[] = [];
          const db: number[] = [];
          const started = performance.now();
          for (let i = 0; i < iterations && performance.now() - started < budgetMs; i++) {
            const t = performance.now();
            await post(example.query, op.variables);
            http.push(performance.now() - t);
          }
          const dbStarted = performance.now();
          let dbHits = 0;
          let heaviest = -1;
          for (let i = 0; i < iterations && performance.now() - dbStarted < budgetMs; i++) {
            let total = 0;
            for (const q of queries) {
              const { summary } = await driver.executeQuery(q.cypher, q.params, {
                database: "neo4j",
                routing: neo4j.routing.READ,
              });
              const ms = Number(summary.resultAvailableAfter) + Number(summary.resultConsumedAfter);
              total += ms;
              if (i === 0 && ms > heaviest) {
                heaviest = ms;
                const body = q.cypher.replace(/^CYPHER 5\s*/, "");
                const profiled = await driver.executeQuery(`CYPHER 5 PROFILE ${body}`, q.params, {
                  database: "neo4j",
                });
                dbHits = dbHitsOf(profiled.summary.profile as never);
              }
            }
            db.push(total);
          }
          http.sort((a, b) => a - b);
          db.sort((a, b) => a - b);
          const m: Measurement = {
            scale,
            operation: op.name,
            variables: op.variables,
            queries: queries.length,
            httpP50: Math.round(quantile(http, 0.5) * 10) / 10,
            httpP99: Math.round(quantile(http, 0.99) * 10) / 10,
            dbP50: quantile(db, 0.5),
            dbP99: quantile(db, 0.99),
            dbHits,
            ...(first.errors ? { errors: first.errors.map((e) => e.message).join("; ") } : {}),
          };
          results.push(m);
          console.error(JSON.stringify(m));
        }
      }
    } finally {
      await app.stop();
    }
  } finally {
    await driver.close();
    await embedded.stop();
    rmSync(storeDir, { recursive: true, force: true });
  }
  const report = {
    loads,
    scalingProcessPeakRssBytes: process.resourceUsage().maxRSS * 1024,
    results,
  };
  if (values.out) writeFileSync(values.out, JSON.stringify(report, null, 2));
  console.log(
    "| operation | scale | queries | HTTP p50 ms | HTTP p99 ms | DB p50 ms | DB p99 ms | db hits |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const m of results) {
    console.log(
      `| ${m.operation} | ${m.scale} | ${m.queries} | ${m.httpP50} | ${m.httpP99} | ${m.dbP50} | ${m.dbP99} | ${m.dbHits}${m.errors ? ` (error: ${m.errors})` : ""} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
