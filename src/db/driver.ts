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
