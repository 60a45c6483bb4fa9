/**
 * Reads of the dataset version, and the latest one the service has seen, shared by every request
 * and by the background watch (src/db/dataset-watch.ts). A request takes the latest observation as
 * the version "before" its first query (src/db/request-reads.ts): any completed read was observed
 * before that query is sent, so it may serve, however old; an old one can only make a consistent
 * answer look mixed (the request runs again), never the reverse.
 */
import type { QueryResult } from "neo4j-driver";

/** One read of the version: the dataset version, when it was loaded, and whether a load is committing. */
export interface VersionRead {
  version: string | null;
  loadedAt: string | null;
  committing: boolean;
}

export function versionOf(result: Pick<QueryResult, "records">): VersionRead {
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

/** What two reads must share to come from one load (a reload from A to B and back to A differs). */
export function generation(read: VersionRead): string {
  return `${String(read.version)}@${String(read.loadedAt)}`;
}

export class VersionObservations {
  private sent = 0;
  private latestTicket = 0;
  private latestRead: VersionRead | null = null;

  /** The latest observation, or null before the first completed read. */
  get latest(): VersionRead | null {
    return this.latestRead;
  }

  /** Call just before sending a read; pass the ticket to `record` with its answer. */
  ticket(): number {
    return ++this.sent;
  }

  /**
   * Keeps the answer of a read unless one sent after it already answered: reads on several
   * connections complete out of order, and the latest should not step back.
   */
  record(read: VersionRead, ticket: number): void {
    if (ticket < this.latestTicket) return;
    this.latestTicket = ticket;
    this.latestRead = read;
  }
}
