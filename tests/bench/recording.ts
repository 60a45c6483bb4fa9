/**
 * Captures what the service sends to the database for one operation: the Cypher and parameters
 * (through tests/utils/query-recorder.ts, as the TCK snapshots do), plus what the recorder does
 * not keep and a faithful replay needs: each transaction's session and transaction settings
 * (access mode, bookmark manager, timeout, metadata), its timing (to tell which statements were
 * sent together and which waited for an answer), and its result (for the translation benchmark).
 */
import { performance } from "node:perf_hooks";
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type Session,
  type SessionConfig,
} from "neo4j-driver";
import { recordQueries } from "../utils/query-recorder.js";
import { wavesOf } from "./stats.js";

/** One transaction as the L2 handler and L0 replay it; JSON-safe (see encodeParams). */
export interface ReplayStatement {
  cypher: string;
  /** Encoded with encodeParams: driver Integers survive JSON. */
  params: unknown;
  accessMode: "READ" | "WRITE";
  /** @neo4j/graphql's sessions use the driver's executeQuery bookmark manager; the reader's do not. */
  bookmarks: boolean;
  txConfig: { timeout?: number; metadata?: Record<string, unknown> };
}

export interface RecordedOperation {
  /** Statements grouped in waves: a wave's statements were in flight together. */
  waves: ReplayStatement[][];
  roundTrips: number;
  /** Results keyed by statementKey, for the canned executor of the translation benchmark. */
  results: Map<string, QueryResult>;
}

interface TxSpan {
  /** Statements run in the transaction when not exactly one. */
  statements?: number;
  start: number;
  end: number;
  statement: ReplayStatement | null;
  result: QueryResult | null;
}

/**
 * Parameters as JSON: driver Integers become {"$int": "…"} so that a replay sends an Integer
 * where the service sent one (a JS number would reach Cypher as a float, and LIMIT 5.0 fails).
 */
export function encodeParams(value: unknown): unknown {
  if (neo4j.isInt(value)) return { $int: value.toString() };
  if (Array.isArray(value)) return value.map(encodeParams);
  if (value !== null && typeof value === "object") {
    if (value instanceof Date) throw new Error("bench: Date parameters are not supported by the replay");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeParams(v)]));
  }
  return value;
}

export function decodeParams(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeParams);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === "$int") return neo4j.int(entries[0][1] as string);
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeParams(v)]));
  }
  return value;
}

/** The key a canned result is looked up by: the Cypher and its parameters. */
export function statementKey(cypher: string, params: unknown): string {
  return `${cypher}\u0000${JSON.stringify(encodeParams(params))}`;
}

/**
 * A driver that records every executeRead/executeWrite of the sessions it opens. `queryCount`
 * tells how many statements the query recorder (layered on top) had recorded at that moment,
 * which pairs each transaction with its Cypher: both tx.run calls happen synchronously inside
 * the transaction's work function.
 */
function instrument(
  driver: Driver,
  spans: TxSpan[],
  queryCount: () => number,
  cypherAt: (i: number) => { cypher: string; params: Record<string, unknown> },
): Driver {
  const wrapSession = (session: Session, config: SessionConfig): Session =>
    new Proxy(session, {
      get(target, property, receiver) {
        if (property === "executeRead" || property === "executeWrite") {
          const accessMode = property === "executeRead" ? "READ" : "WRITE";
          return async (
            work: (tx: ManagedTransaction) => unknown,
            txConfig?: { timeout?: number; metadata?: Record<string, unknown> },
          ) => {
            const span: TxSpan = { start: performance.now(), end: 0, statement: null, result: null };
            spans.push(span);
            // The answer of the recorded statement itself, not what the work returns: the service's
            // returns the query's result together with its dataset-version reads.
            const recorded: { result?: PromiseLike<QueryResult> } = {};
            const result = await (target[property] as (w: unknown, c?: unknown) => Promise<unknown>).call(
              target,
              (tx: ManagedTransaction) => {
                const before = queryCount();
                // The query recorder counts a statement just before passing it to this tx.run: the
                // first run that finds the count moved is the recorded statement's.
                const watched = new Proxy(tx, {
                  get(t, p, r) {
                    if (p === "run") {
                      return (...args: Parameters<ManagedTransaction["run"]>) => {
                        const run = t.run(...args);
                        if (recorded.result === undefined && queryCount() > before) recorded.result = run;
                        return run;
                      };
                    }
                    const value: unknown = Reflect.get(t, p, r);
                    return typeof value === "function"
                      ? (value as (...a: unknown[]) => unknown).bind(t)
                      : value;
                  },
                });
                const out = work(watched);
                const after = queryCount();
                // The query recorder leaves out the dataset-version reads that the service pipelines
                // with each query (src/db/request-reads.ts): the replay runs the query alone.
                // The replay runs one statement per transaction, as every read of the service does;
                // anything else (the constraint writes at start-up) is marked and refused by take().
                if (after - before !== 1) {
                  span.statements = after - before;
                  return out;
                }
                const q = cypherAt(before);
                span.statement = {
                  cypher: q.cypher,
                  params: encodeParams(q.params),
                  accessMode,
                  bookmarks: config.bookmarkManager !== undefined && config.bookmarkManager !== null,
                  txConfig: {
                    ...(txConfig?.timeout !== undefined ? { timeout: txConfig.timeout } : {}),
                    ...(txConfig?.metadata !== undefined ? { metadata: txConfig.metadata } : {}),
                  },
                };
                return out;
              },
              txConfig,
            );
            span.end = performance.now();
            span.result = recorded.result === undefined ? null : await recorded.result;
            return result;
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(driver, {
    get(target, property, receiver) {
      if (property === "session") {
        return (config: SessionConfig = {}) => wrapSession(target.session(config), config);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A driver to hand to the service, and a way to collect what one operation sent through it. */
export interface Recorder {
  driver: Driver;
  /** Forgets everything recorded so far. */
  reset(): void;
  /** What was recorded since the last reset. */
  take(): RecordedOperation;
}

export function createRecorder(driver: Driver): Recorder {
  const spans: TxSpan[] = [];
  // The query recorder sits on top of the instrumented driver: its tx.run records the Cypher
  // first, then the instrumented transaction pairs it with the transaction's settings.
  let queries: { cypher: string; params: Record<string, unknown> }[] = [];
  const instrumented = instrument(
    driver,
    spans,
    () => queries.length,
    (i) => queries[i] as { cypher: string; params: Record<string, unknown> },
  );
  const recorder = recordQueries(instrumented);
  queries = recorder.queries;
  return {
    driver: recorder.driver,
    reset() {
      spans.length = 0;
      queries.length = 0;
    },
    take() {
      const done = spans.filter((s) => s.end > 0 && s.statement !== null);
      if (done.length !== spans.length)
        throw new Error("bench: a recorded transaction did not finish or did not run exactly one statement");
      if (queries.length !== done.length)
        throw new Error(
          "bench: a statement ran outside a managed transaction; the replay cannot reproduce it",
        );
      const statements = done.map((s) => s.statement as ReplayStatement);
      const waves = wavesOf(done).map((wave) => wave.map((i) => statements[i] as ReplayStatement));
      const results = new Map<string, QueryResult>();
      done.forEach((span, i) => {
        const s = statements[i] as ReplayStatement;
        if (span.result) results.set(statementKey(s.cypher, decodeParams(s.params)), span.result);
      });
      return { waves, roundTrips: done.length, results };
    },
  };
}
