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

/** One statement of a recorded transaction; JSON-safe (see encodeParams). */
export interface ReplayQuery {
  cypher: string;
  /** Encoded with encodeParams: driver Integers survive JSON. */
  params: unknown;
}

/**
 * One transaction as the L2 handler and L0 replay it: its statements, sent together (pipelined on
 * one connection, as the service's request reads send the queries of one event-loop turn), and
 * its settings.
 */
export interface ReplayTransaction {
  statements: ReplayQuery[];
  accessMode: "READ" | "WRITE";
  /** @neo4j/graphql's sessions use the driver's executeQuery bookmark manager; the reader's do not. */
  bookmarks: boolean;
  txConfig: { timeout?: number; metadata?: Record<string, unknown> };
}

export interface RecordedOperation {
  /** Transactions grouped in waves: a wave's transactions were in flight together. */
  waves: ReplayTransaction[][];
  /** Transactions: one round trip each, their statements pipelined. */
  roundTrips: number;
  /** Statements, over all transactions. */
  statements: number;
  /** Results keyed by statementKey, for the canned executor of the translation benchmark. */
  results: Map<string, QueryResult>;
}

interface TxSpan {
  start: number;
  end: number;
  /** Null when the transaction ran none of the operation's statements. */
  transaction: ReplayTransaction | null;
  /** The answer of each statement, in order. */
  results: QueryResult[];
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
            const span: TxSpan = { start: performance.now(), end: 0, transaction: null, results: [] };
            spans.push(span);
            // The answers of the recorded statements themselves, not what the work returns: the
            // service's returns them together with its dataset-version reads.
            const recorded: PromiseLike<QueryResult>[] = [];
            const queries: ReplayQuery[] = [];
            const result = await (target[property] as (w: unknown, c?: unknown) => Promise<unknown>).call(
              target,
              (tx: ManagedTransaction) => {
                // A retried transaction runs its work again: keep the last attempt's statements.
                recorded.length = 0;
                queries.length = 0;
                let seen = queryCount();
                // The query recorder counts a statement just before passing it to this tx.run: a
                // run that finds the count moved is that statement's. The dataset-version reads the
                // service pipelines with its queries (src/db/request-reads.ts) are not counted, so
                // the replay runs the queries alone.
                const watched = new Proxy(tx, {
                  get(t, p, r) {
                    if (p === "run") {
                      return (...args: Parameters<ManagedTransaction["run"]>) => {
                        const run = t.run(...args);
                        const now = queryCount();
                        if (now > seen) {
                          const q = cypherAt(now - 1);
                          queries.push({ cypher: q.cypher, params: encodeParams(q.params) });
                          recorded.push(run);
                          seen = now;
                        }
                        return run;
                      };
                    }
                    const value: unknown = Reflect.get(t, p, r);
                    return typeof value === "function"
                      ? (value as (...a: unknown[]) => unknown).bind(t)
                      : value;
                  },
                });
                return work(watched);
              },
              txConfig,
            );
            span.end = performance.now();
            if (queries.length > 0) {
              span.transaction = {
                statements: [...queries],
                accessMode,
                bookmarks: config.bookmarkManager !== undefined && config.bookmarkManager !== null,
                txConfig: {
                  ...(txConfig?.timeout !== undefined ? { timeout: txConfig.timeout } : {}),
                  ...(txConfig?.metadata !== undefined ? { metadata: txConfig.metadata } : {}),
                },
              };
              span.results = await Promise.all(recorded);
            }
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
      if (spans.some((s) => s.end === 0)) throw new Error("bench: a recorded transaction did not finish");
      // Transactions that ran none of the operation's statements (dataset-version reads alone)
      // are the service's bookkeeping: left out, as the version reads are from the others.
      const done = spans.filter((s) => s.transaction !== null);
      const transactions = done.map((s) => s.transaction as ReplayTransaction);
      const statements = transactions.reduce((n, t) => n + t.statements.length, 0);
      if (queries.length !== statements)
        throw new Error(
          "bench: a statement ran outside a managed transaction; the replay cannot reproduce it",
        );
      const waves = wavesOf(done).map((wave) => wave.map((i) => transactions[i] as ReplayTransaction));
      const results = new Map<string, QueryResult>();
      done.forEach((span, i) => {
        (transactions[i] as ReplayTransaction).statements.forEach((q, j) => {
          const answer = span.results[j];
          if (answer) results.set(statementKey(q.cypher, decodeParams(q.params)), answer);
        });
      });
      return { waves, roundTrips: done.length, statements, results };
    },
  };
}
