import neo4j, { type AuthToken, type Driver } from "neo4j-driver";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * A driver whose every wait is bounded by a few seconds, so that a database that is gone or
 * stuck surfaces as SERVICE_UNAVAILABLE quickly instead of after the driver's 30–60 s defaults.
 */
export function createDriver(
  config: Pick<Config, "neo4jUser" | "neo4jPassword" | "queryTimeoutMs">,
  uri: string,
  logger: Logger,
): Driver {
  const auth: AuthToken = config.neo4jPassword
    ? neo4j.auth.basic(config.neo4jUser, config.neo4jPassword)
    : { scheme: "none", principal: "", credentials: "" };
  return neo4j.driver(uri, auth, {
    connectionTimeout: 3000,
    connectionAcquisitionTimeout: Math.max(config.queryTimeoutMs, 3000),
    maxTransactionRetryTime: 2000,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: true,
    logging: {
      level: "warn",
      logger: (level, message) =>
        logger[level === "warn" ? "warn" : level === "error" ? "error" : "debug"](message),
    },
  });
}

/**
 * How much longer than a transaction's own timeout the service waits for the database before it
 * gives up on its side: the server checks timeouts about once a second, and a query may wait for
 * a pooled connection first.
 */
export const DEADLINE_GRACE_MS = 3000;

/** The database did not answer within a deadline the service set (see `withDeadline`). */
export class DatabaseDeadlineError extends Error {
  override name = "DatabaseDeadlineError";
  /** The driver's code for an unreachable database, so that errors.ts maps it to SERVICE_UNAVAILABLE. */
  readonly code = "ServiceUnavailable";
}

/**
 * Settles as `work` does, or rejects with a DatabaseDeadlineError after `ms`. The server enforces
 * transaction timeouts, but a connection that stays open and never answers (a frozen host, a
 * network that drops packets) is only noticed by the driver after the server's receive-timeout
 * hint (120 s by default); this bounds that wait. `work` is not cancelled: it settles later on its own.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseDeadlineError(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the database answers a query, or throws after `timeoutMs`. */
export async function waitForDatabase(driver: Driver, database: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await driver.executeQuery("RETURN 1", {}, { database });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
