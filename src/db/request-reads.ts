/**
 * The reads of one request, and a check that the whole answer comes from one dataset version.
 *
 * Every query of the request — the ones @neo4j/graphql generates (this object is their
 * `executionContext`: it has a transaction's `run`) and the custom operations' loaders — runs in a
 * READ transaction. The queries sent in one turn of the event loop (the node lookups that the
 * resolvers of one level delegate side by side) share one: they are pipelined on its connection,
 * one round trip and one version read for all of them, instead of a transaction, a connection and
 * a version read each. A query that waits for another's answer starts a transaction of its own.
 * The check brackets the queries between two observations of the dataset version (SeedState.hash
 * with the time of its load):
 * - before: the latest version read the service has seen when the request sends its first query
 *   (src/db/version-observations.ts; the background watch reads it every second, and every query
 *   below refreshes it). Without one, each transaction reads the version first as well;
 * - after: each transaction reads the version again right after its queries, pipelined behind
 *   them (no extra round trip or transaction). The session fetches every record in the first
 *   PULL (fetchSize -1), so the server has run the queries to their end before it runs the
 *   version read that follows them on the same connection.
 * A seed load writes the graph and SeedState in one transaction: when every observation names
 * the same load, no load committed while the request read; otherwise the answer may mix two
 * versions and the request is run again (src/http/graphql-handler.ts).
 *
 * A commit is not instantaneous for readers: Neo4j applies a large one to the store record by
 * record, so a reader can see part of it before the version marker changes. The loader marks the
 * commit in a transaction of its own beforehand and clears the mark afterwards
 * (graph/queries/seed.cypher, "commit begins"): an observation that sees the mark makes the request
 * inconsistent too. Any query that overlaps a commit is thus caught: the observation before it
 * precedes the mark or sees it, the one after it sees the mark or the new version.
 *
 * One transaction for the whole request would not do on its own: Neo4j isolates at "read
 * committed", so a load that commits half-way is visible to the rest of a transaction, and the
 * queries of one transaction run one after the other on one connection.
 *
 * Nothing runs until the first query: a request refused by the limits, or answered from the
 * response cache, touches no database. The service never writes (docs/operations.md).
 */
import path from "node:path";
import type { Driver, QueryResult } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, statement } from "./cypher-files.js";
import { generation, versionOf, type VersionObservations, type VersionRead } from "./version-observations.js";

export function loadDatasetVersionStatement(): string {
  return statement(readNamedStatements(path.join(GRAPH_DIR, "queries", "health.cypher")), "dataset version");
}

export interface RequestReadsOptions {
  driver: Driver;
  database: string;
  /** Timeout of each query's transaction, enforced by the server. */
  timeoutMs: number;
  /** The Cypher that returns the dataset version as `version` (health.cypher, "dataset version"). */
  versionCypher: string;
  /** The latest version read, shared by the service's requests (src/db/version-observations.ts). */
  observations: VersionObservations;
}

/** What one request's reads saw. */
export interface DatasetSeen {
  /** The dataset version the request read (null: the graph holds none). */
  version: string | null;
  /** False when a load committed while the request read: its answer may mix two versions. */
  consistent: boolean;
}

interface PendingQuery {
  cypher: string;
  params: Record<string, unknown>;
  resolve: (result: QueryResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs `send` (which starts the driver's queries synchronously) with V8's stack traces off. The
 * driver captures a stack trace for every query it starts, only to append it to that query's
 * error; every query of a request starts here, so the trace would always name this function,
 * and capturing it took about 6 % of the service's busy CPU in a profile under the widget's load
 * (docs/performance.md). Errors keep their message and code.
 */
function withoutDriverStacks<T>(send: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return send();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export class RequestReads {
  /** The versions observed, as `version@loadedAt`. */
  private readonly versions = new Set<string>();
  /** Whether an observation saw a load's commit under way. */
  private sawCommit = false;
  /** The observation before the first query: undefined until that query, null when there was none. */
  private before: VersionRead | null | undefined;
  private lastVersion: string | null = null;
  private queries = 0;
  private finished: Promise<DatasetSeen | null> | null = null;
  /** The queries sent in this turn of the event loop, run together at its end. */
  private batch: PendingQuery[] | null = null;
  private abandoned = false;

  constructor(private readonly options: RequestReadsOptions) {}

  /**
   * Runs one query of the request; the shape is a neo4j-driver Transaction's `run`, so that
   * @neo4j/graphql accepts this object as its `executionContext`. The queries the request sends
   * in one turn of the event loop (the node lookups its resolvers delegate side by side, for
   * instance) share one read transaction, pipelined on one connection and followed by one version
   * read; a later query gets a transaction of its own.
   */
  run(cypher: string, params?: Record<string, unknown>): Promise<QueryResult> {
    if (this.finished) return Promise.reject(new Error("the request's reads are already finished"));
    if (this.before === undefined) {
      this.before = this.options.observations.latest;
      if (this.before) this.record(this.before);
    }
    this.queries++;
    return new Promise<QueryResult>((resolve, reject) => {
      if (this.batch === null) {
        this.batch = [];
        setImmediate(() => {
          const batch = this.batch ?? [];
          this.batch = null;
          this.runBatch(batch).catch((error: unknown) => {
            for (const query of batch) query.reject(error);
          });
        });
      }
      this.batch.push({ cypher, params: params ?? {}, resolve, reject });
    });
  }

  private async runBatch(batch: readonly PendingQuery[]): Promise<void> {
    const { driver, database, timeoutMs, versionCypher, observations } = this.options;
    // No observation before the request: the transaction reads the version before its queries too.
    const readFirst = this.before === null;
    const session = driver.session({ database, defaultAccessMode: "READ", fetchSize: -1 });
    try {
      const ticket = observations.ticket();
      const [first, results, after] = await session.executeRead(
        (tx) =>
          withoutDriverStacks(() => {
            // Sent in this order on the transaction's connection; the server runs each to its end
            // (every record is fetched in the first PULL) before the next.
            const firstRead = readFirst ? tx.run(versionCypher).then(versionOf) : null;
            const queries = batch.map((query) => tx.run(query.cypher, query.params));
            const afterRead = tx.run(versionCypher).then(versionOf);
            return Promise.all([firstRead, Promise.all(queries), afterRead]);
          }),
        { timeout: timeoutMs },
      );
      if (first) this.record(first);
      this.record(after);
      this.lastVersion = after.version;
      observations.record(after, ticket);
      batch.forEach((query, i) => query.resolve(results[i] as QueryResult));
    } finally {
      await session.close();
    }
  }

  private record(read: VersionRead): void {
    if (read.committing) this.sawCommit = true;
    this.versions.add(generation(read));
  }

  /** Marks the request as past a deadline: finish() then checks nothing. */
  abandon(): void {
    this.abandoned = true;
  }

  /**
   * After the request's last query: whether its reads saw one version. Null when the request read
   * nothing or was abandoned at a deadline (its answer is an error).
   */
  finish(): Promise<DatasetSeen | null> {
    this.finished ??= Promise.resolve(this.check());
    return this.finished;
  }

  private check(): DatasetSeen | null {
    if (this.queries === 0 || this.abandoned || this.versions.size === 0) return null;
    return { version: this.lastVersion, consistent: !this.sawCommit && this.versions.size === 1 };
  }
}
