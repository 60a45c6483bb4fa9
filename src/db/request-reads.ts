/**
 * The reads of one request, and a check that the whole answer comes from one dataset version.
 *
 * Every query of the request — the ones @neo4j/graphql generates (this object is their
 * `executionContext`: it has a transaction's `run`) and the custom operations' loaders — runs in a
 * READ transaction of its own, as before, so that independent queries still run in parallel on
 * separate connections; each transaction first reads the dataset version (SeedState.hash),
 * pipelined with the query, so it costs no extra round trip. After the request's last query,
 * `finish` reads the version once more. A seed load writes the graph and SeedState in one
 * transaction, so when every query's version and the final one are equal, no load committed while
 * the request read; otherwise the answer may mix two versions and the request is run again
 * (src/http/graphql-handler.ts).
 *
 * "Equal" compares the version with the time of its load, so that a reload from A to B and back
 * to A under one request is seen. And a commit is not instantaneous for readers: Neo4j applies a
 * large one to the store record by record, so a reader can see part of it before the version
 * marker changes. The loader marks the commit in a transaction of its own beforehand and clears the
 * mark afterwards (graph/queries/seed.cypher, "commit begins"): a read that sees the mark makes
 * the request inconsistent too.
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
import { DEADLINE_GRACE_MS, withDeadline } from "./driver.js";

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
}

/** What one request's reads saw. */
export interface DatasetSeen {
  /** The dataset version the request read (null: the graph holds none). */
  version: string | null;
  /** False when a load committed while the request read: its answer may mix two versions. */
  consistent: boolean;
}

/** One read of the version: the dataset version, when it was loaded, and whether a load is committing. */
interface VersionRead {
  version: string | null;
  loadedAt: string | null;
  committing: boolean;
}

export class RequestReads {
  /** The versions seen, as `version@loadedAt`. */
  private readonly versions = new Set<string>();
  /** Whether a read saw a load's commit under way. */
  private sawCommit = false;
  private queries = 0;
  private finished: Promise<DatasetSeen | null> | null = null;
  private abandoned = false;

  constructor(private readonly options: RequestReadsOptions) {}

  /**
   * Runs one query in a read transaction of its own, after the version read. The shape is a
   * neo4j-driver Transaction's `run`, so that @neo4j/graphql accepts this object as its
   * `executionContext`.
   */
  async run(cypher: string, params?: Record<string, unknown>): Promise<QueryResult> {
    if (this.finished) throw new Error("the request's reads are already finished");
    this.queries++;
    const { driver, database, timeoutMs, versionCypher } = this.options;
    const session = driver.session({ database, defaultAccessMode: "READ" });
    try {
      const [version, result] = await session.executeRead(
        (tx) => Promise.all([tx.run(versionCypher).then(versionOf), tx.run(cypher, params)]),
        { timeout: timeoutMs },
      );
      this.record(version);
      return result;
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
   * After the request's last query: reads the version once more. Null when the request read
   * nothing, was abandoned at a deadline (its answer is an error), or when the last read failed
   * and the earlier ones saw one version (see below).
   */
  finish(): Promise<DatasetSeen | null> {
    this.finished ??= this.check();
    return this.finished;
  }

  private async check(): Promise<DatasetSeen | null> {
    if (this.queries === 0 || this.abandoned || this.versions.size === 0) return null;
    const { driver, database, timeoutMs, versionCypher } = this.options;
    try {
      const { records } = await withDeadline(
        driver.executeQuery(
          versionCypher,
          {},
          { database, routing: "READ", transactionConfig: { timeout: timeoutMs } },
        ),
        timeoutMs + DEADLINE_GRACE_MS,
        "dataset version check",
      );
      const last = versionOf({ records });
      return {
        version: last.version,
        consistent:
          !this.sawCommit &&
          !last.committing &&
          this.versions.size === 1 &&
          this.versions.has(generation(last)),
      };
    } catch {
      // The last read failed (the database went away, a deadline): when the request's own reads
      // already saw two versions or a commit, the answer is mixed all the same; otherwise it is
      // not known to be, and running it again against a database that is away would only keep
      // the client waiting (its errors say the database is unavailable).
      if (this.sawCommit || this.versions.size > 1) return { version: null, consistent: false };
      return null;
    }
  }
}

function versionOf(result: Pick<QueryResult, "records">): VersionRead {
  const record = result.records[0];
  const text = (key: string): string | null => {
    const value: unknown = record?.has(key) ? record.get(key) : null;
    return typeof value === "string" ? value : null;
  };
  return {
    version: text("version"),
    loadedAt: text("loadedAt"),
    committing: record?.has("committing") === true && record.get("committing") === true,
  };
}

/** What two reads must share to come from one load. */
function generation(read: VersionRead): string {
  return `${String(read.version)}@${String(read.loadedAt)}`;
}
