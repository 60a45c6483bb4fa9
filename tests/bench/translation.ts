/**
 * The GraphQL layer's own cost per operation, measured with tinybench in this process: the
 * operation is executed through the service's schema (built by src/schema/build-schema.ts) with a
 * request context built as src/app.ts builds it (its reads, src/db/request-reads.ts, are the
 * execution context of @neo4j/graphql and of the custom resolvers' loaders), so @neo4j/graphql
 * translates every generated query (the top-level one and those the custom resolvers delegate to)
 * and the custom resolvers run — but the driver is a stub that answers each statement with the
 * result the real database gave when the operation was recorded.
 *
 * This is a benchmark, not a data-behaviour test: the stub never decides what is right, it only
 * takes the database out of the timing (a stub that answered nothing would stop the resolvers at
 * the first level and leave most of the translation unmeasured).
 */
import { execute, parse, type DocumentNode } from "graphql";
import { Record as Neo4jRecord, type Driver, type QueryResult, type Transaction } from "neo4j-driver";
import { Bench } from "tinybench";
import { createRequestReader } from "../../src/db/reader.js";
import { loadDatasetVersionStatement, RequestReads } from "../../src/db/request-reads.js";
import { VersionObservations, versionOf } from "../../src/db/version-observations.js";
import type { RequestContext } from "../../src/http/server.js";
import { buildSchema } from "../../src/schema/build-schema.js";
import { CareerContext, loadCareerStatements } from "../../src/schema/career/career-context.js";
import type { BenchOperation } from "./operations.js";
import { statementKey } from "./recording.js";

export interface TranslationResult {
  meanMs: number;
  p99Ms: number;
  samples: number;
  /** Statements the stub had no recorded answer for (answered with no rows). */
  misses: number;
  /** GraphQL errors of one execution, if any: the figure is then suspect. */
  errors: string[];
}

const EMPTY_SUMMARY = { counters: { updates: () => ({}) } };

/**
 * The answer to the dataset-version reads that the request's reads pipeline with each query:
 * one version, no load committing, so that every request is consistent at the first attempt.
 * The recording leaves these reads out (they are the service's bookkeeping, not the operation's).
 */
const VERSION_RESULT = {
  records: [new Neo4jRecord(["version", "loadedAt", "committing"], ["bench", "bench", false])],
  summary: EMPTY_SUMMARY,
} as unknown as QueryResult;

/**
 * A driver-shaped stub: sessions whose transactions answer from `canned`, and the dataset-version
 * read with VERSION_RESULT. Session and transaction settings (database, access mode, fetch size,
 * timeout) change nothing here, and a transaction's work returns whatever it returns (the
 * request's reads return the query's result together with the version reads).
 */
function cannedDriver(
  canned: ReadonlyMap<string, QueryResult>,
  versionCypher: string,
  onMiss: () => void,
): Driver {
  const tx = {
    run: (cypher: string, params: Record<string, unknown> = {}) => {
      if (cypher === versionCypher) return Promise.resolve(VERSION_RESULT);
      const found = canned.get(statementKey(cypher, params));
      if (!found) onMiss();
      return Promise.resolve(found ?? { records: [], summary: EMPTY_SUMMARY });
    },
  };
  const session = {
    executeRead: async (work: (t: typeof tx) => unknown) => work(tx),
    executeWrite: async (work: (t: typeof tx) => unknown) => work(tx),
    close: async () => {},
  };
  return { session: () => session } as unknown as Driver;
}

export async function measureTranslation(
  operations: readonly BenchOperation[],
  canned: ReadonlyMap<string, QueryResult>,
  options: { database: string; timeoutMs: number; timePerTaskMs: number; iterations: number },
): Promise<Map<string, TranslationResult>> {
  let misses = 0;
  const versionCypher = loadDatasetVersionStatement();
  const driver = cannedDriver(canned, versionCypher, () => misses++);
  const schema = await buildSchema();
  const statements = loadCareerStatements();
  // Shared by the requests, as the service's are by its background watch (src/db/dataset-watch.ts),
  // which has read the version before the first request.
  const observations = new VersionObservations();
  observations.record(versionOf(VERSION_RESULT), observations.ticket());
  const newContext = (): RequestContext => {
    const reads = new RequestReads({
      driver,
      database: options.database,
      timeoutMs: options.timeoutMs,
      versionCypher,
      observations,
    });
    const context: RequestContext = {
      clientKey: "bench",
      executionContext: reads as unknown as Transaction,
      reads,
    };
    context.career = new CareerContext(createRequestReader(reads, options.timeoutMs), statements, context);
    return context;
  };
  // Parsed once, as Apollo caches parsed and validated documents between requests.
  const documents = new Map<string, DocumentNode>(operations.map((op) => [op.key, parse(op.query)]));
  const run = async (op: BenchOperation) => {
    const contextValue = newContext();
    const result = await execute({
      schema,
      document: documents.get(op.key) as DocumentNode,
      variableValues: op.variables,
      contextValue,
    });
    // As the /graphql handler does after each request (src/http/graphql-handler.ts).
    await contextValue.reads?.finish();
    return result;
  };

  const results = new Map<string, TranslationResult>();
  for (const op of operations) {
    misses = 0;
    const once = await run(op);
    const errors = (once.errors ?? []).map((e) => e.message);
    const missesOfOne = misses;
    const bench = new Bench({
      time: options.timePerTaskMs,
      iterations: options.iterations,
      warmupIterations: Math.min(16, options.iterations),
      warmupTime: Math.min(200, options.timePerTaskMs),
    });
    bench.add(op.key, async () => {
      await run(op);
    });
    await bench.run();
    const result = bench.tasks[0]?.result;
    const stats = result && "latency" in result ? result.latency : null;
    results.set(op.key, {
      meanMs: stats?.mean ?? Number.NaN,
      p99Ms: stats?.p99 ?? Number.NaN,
      samples: stats?.samplesCount ?? 0,
      misses: missesOfOne,
      errors,
    });
  }
  return results;
}
