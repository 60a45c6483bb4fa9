/**
 * The dataset version the graph holds now, refreshed every second in the background: the response
 * cache keys its entries by it without a database round trip (src/http/response-cache.ts). After a
 * reload the cache switches to the new version within about a second; an entry is only ever
 * written under the version its answer was read from, so a key never serves another version.
 */
import type { Driver } from "neo4j-driver";

export interface DatasetWatch {
  /** The last version read; null before the first read or when the graph holds none. */
  readonly current: string | null;
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
  let current: string | null = null;
  let stopped = false;
  let inFlight: Promise<string | null> | null = null;
  const read = async () => {
    try {
      const { records } = await driver.executeQuery(
        versionCypher,
        {},
        { database, routing: "READ", transactionConfig: { timeout: Math.max(intervalMs, 1000) } },
      );
      const version: unknown = records[0]?.get("version");
      current = typeof version === "string" ? version : null;
    } catch {
      // The database is away: keep the last version; readiness and the requests report the outage.
    }
    return current;
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
      return current;
    },
    refresh,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
