/**
 * One read transaction per request, shared by the queries @neo4j/graphql generates and the custom
 * operations' loaders, and a check that the whole answer comes from one dataset version.
 *
 * Neo4j isolates transactions at "read committed": a seed load that commits while a request runs
 * is visible to the request's later queries even inside one transaction. So the transaction reads
 * the dataset version (SeedState.hash) first and again after the last query; a load that
 * committed in between shows as two different versions, and the request is run again
 * (src/http/graphql-handler.ts). A version that is the same at both ends means no load committed
 * in between, so every query of the request read that one version.
 *
 * The transaction opens on the first query only: a request refused by the limits, or answered
 * from the response cache, touches no database at all. It is opened in READ mode: the service
 * never writes (see docs/operations.md, "A read-only service").
 */
import path from "node:path";
import type { Driver, QueryResult, Session, Transaction } from "neo4j-driver";
import { GRAPH_DIR, readNamedStatements, statement } from "./cypher-files.js";
import { DEADLINE_GRACE_MS, DatabaseDeadlineError, withDeadline } from "./driver.js";

export function loadDatasetVersionStatement(): string {
  return statement(readNamedStatements(path.join(GRAPH_DIR, "queries", "health.cypher")), "dataset version");
}

export interface RequestReadsOptions {
  driver: Driver;
  database: string;
  /** Timeout of the request's transaction, enforced by the server. */
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

export class RequestReads {
  private session: Session | null = null;
  private transaction: Promise<Transaction> | null = null;
  private firstVersion: Promise<string | null> | null = null;
  private finished: Promise<DatasetSeen | null> | null = null;
  private abandoned = false;

  constructor(private readonly options: RequestReadsOptions) {}

  /** Whether any query ran (or was started). */
  get used(): boolean {
    return this.transaction !== null;
  }

  private open(): Promise<Transaction> {
    if (this.finished) return Promise.reject(new Error("the request's reads are already finished"));
    this.transaction ??= (async () => {
      const { driver, database, timeoutMs, versionCypher } = this.options;
      this.session = driver.session({ database, defaultAccessMode: "READ" });
      const tx = await this.session.beginTransaction({ timeout: timeoutMs });
      // Sent before the first query, on the same connection: no extra round trip to wait for.
      this.firstVersion = readVersion(tx, versionCypher);
      this.firstVersion.catch(() => {}); // its failure, if any, is the first query's too
      return tx;
    })();
    return this.transaction;
  }

  /**
   * Runs one query in the request's transaction. The shape is a neo4j-driver Transaction's `run`,
   * so that @neo4j/graphql accepts this object as its `executionContext`.
   */
  async run(cypher: string, params?: Record<string, unknown>): Promise<QueryResult> {
    const tx = await this.open();
    return await tx.run(cypher, params);
  }

  /** Marks the transaction as stuck (a deadline passed): finish() then only closes it, in the background. */
  abandon(): void {
    this.abandoned = true;
  }

  /**
   * After the request's last query: reads the version again and closes the transaction. Null when
   * the request read nothing, or when the database did not let us tell (an error or a deadline).
   */
  finish(): Promise<DatasetSeen | null> {
    this.finished ??= this.close();
    return this.finished;
  }

  private async close(): Promise<DatasetSeen | null> {
    const opening = this.transaction;
    const firstVersion = this.firstVersion;
    if (!opening) return null;
    const session = this.session;
    const close = () =>
      opening
        .then((tx) => (tx.isOpen() ? tx.rollback() : undefined))
        .catch(() => {})
        .then(() => session?.close());
    if (this.abandoned || !firstVersion) {
      close().catch(() => {});
      return null;
    }
    try {
      const tx = await opening;
      const [first, last] = await withDeadline(
        Promise.all([firstVersion, readVersion(tx, this.options.versionCypher)]),
        this.options.timeoutMs + DEADLINE_GRACE_MS,
        "dataset version check",
      );
      await close();
      return { version: last, consistent: first === last };
    } catch (error) {
      if (error instanceof DatabaseDeadlineError) close().catch(() => {});
      else await close().catch(() => {});
      return null;
    }
  }
}

async function readVersion(tx: Transaction, cypher: string): Promise<string | null> {
  const result = await tx.run(cypher);
  const version: unknown = result.records[0]?.get("version");
  return typeof version === "string" ? version : null;
}
