/**
 * The dataset version the graph holds now, refreshed every second in the background and by every
 * request's reads (src/db/version-observations.ts): the response cache keys its entries by it without a database round trip (src/http/response-cache.ts). After a
 * reload the cache switches to the new version within about a second; an entry is only ever
 * written under the version its answer was read from, so a key never serves another version.
 */
import type { Driver } from "neo4j-driver";
import { VersionObservations, versionOf } from "./version-observations.js";

export interface DatasetWatch {
  /** The last version read; null before the first read or when the graph holds none. */
  readonly current: string | null;
  /** The latest version read, by this watch or by a request (src/db/request-reads.ts). */
  readonly observations: VersionObservations;
  /** Reads the version now (used at start and by tests). */
  refresh(): Promise<string | null>;
  stop(): void;
}

export function watchDatasetVersion(
  driver: Driver,
  database: string,
  versionCypher: string,
  intervalMs = 1000,
): DatasetWatch {
  const observations = new VersionObservations();
  let stopped = false;
  let inFlight: Promise<string | null> | null = null;
  const read = async () => {
    try {
      const ticket = observations.ticket();
      const result = await driver.executeQuery(
        versionCypher,
        {},
        { database, routing: "READ", transactionConfig: { timeout: Math.max(intervalMs, 1000) } },
      );
      observations.record(versionOf(result), ticket);
    } catch {
      // The database is away: keep the last version; readiness and the requests report the outage.
    }
    return observations.latest?.version ?? null;
  };
  // One read at a time: a database that is slow to answer does not pile up reads.
  const refresh = () => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    if (!stopped) void refresh();
  }, intervalMs);
  timer.unref();
  return {
    get current() {
      return observations.latest?.version ?? null;
    },
    observations,
    refresh,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
