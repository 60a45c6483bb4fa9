import type { Driver, ManagedTransaction, Session } from "neo4j-driver";
import { loadDatasetVersionStatement } from "../../src/db/request-reads.js";

/**
 * The dataset-version reads that the service pipelines with each query (src/db/request-reads.ts):
 * not recorded, so that the recording shows the queries that answer the request.
 */
const DATASET_VERSION = loadDatasetVersionStatement();

export interface RecordedQuery {
  cypher: string;
  params: Record<string, unknown>;
  /** The transaction it ran in: queries of one executeRead/executeWrite share the number. */
  transaction: number;
}

/**
 * Wraps a real driver so that every query run through it (session.run and tx.run inside
 * executeRead/executeWrite) is recorded, but for the dataset-version reads: a count of database round trips, and the Cypher that
 * @neo4j/graphql and the custom resolvers actually sent. Queries still run on the real database.
 */
export function recordQueries(driver: Driver): { driver: Driver; queries: RecordedQuery[] } {
  const queries: RecordedQuery[] = [];
  let transactions = 0;
  // `transaction` undefined: an auto-commit session.run, a transaction of its own.
  const recordRun = <T extends { run: (...args: never[]) => unknown }>(target: T, transaction?: number): T =>
    new Proxy(target, {
      get(t, property, receiver) {
        if (property === "run") {
          return (cypher: string, params: Record<string, unknown> = {}, ...rest: unknown[]) => {
            if (cypher !== DATASET_VERSION)
              queries.push({ cypher, params, transaction: transaction ?? ++transactions });
            return (t.run as (...args: unknown[]) => unknown).call(t, cypher, params, ...rest);
          };
        }
        const value: unknown = Reflect.get(t, property, receiver);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  const wrapSession = (session: Session): Session =>
    new Proxy(recordRun(session), {
      get(t, property, receiver) {
        if (property === "executeRead" || property === "executeWrite") {
          return (work: (tx: ManagedTransaction) => unknown, config?: unknown) =>
            (session[property] as (w: unknown, c?: unknown) => unknown).call(
              session,
              (tx: ManagedTransaction) => work(recordRun(tx, ++transactions)),
              config,
            );
        }
        return Reflect.get(t, property, receiver) as unknown;
      },
    });
  const wrapped = new Proxy(driver, {
    get(t, property, receiver) {
      if (property === "session") {
        return (...args: Parameters<Driver["session"]>) => wrapSession(t.session(...args));
      }
      const value: unknown = Reflect.get(t, property, receiver);
      return typeof value === "function" ? value.bind(t) : value;
    },
  });
  return { driver: wrapped, queries };
}
