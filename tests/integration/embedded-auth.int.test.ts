/**
 * Issue 15, "credentials nobody can guess": the embedded Neo4j's Bolt port requires the password
 * made at first start and kept next to the store (mode 0600). Without it, or with the published
 * default, or with a wrong one, a local process is refused; the service connects with it; a second
 * start on the same store keeps it; a store whose password file was lost gets a new one.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j, { type AuthToken } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { passwordFileFor } from "../../src/db/credentials.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { createLogger } from "../../src/logger.js";
import { runNeo4jEnv } from "../utils/run-neo4j.js";

const NO_AUTH: AuthToken = { scheme: "none", principal: "", credentials: "" };

/** What a Bolt client gets for `RETURN 1` with these credentials: "ok" or the server's error code. */
async function tryConnect(uri: string, auth: AuthToken): Promise<string> {
  const driver = neo4j.driver(uri, auth, { connectionTimeout: 10_000, maxConnectionPoolSize: 1 });
  try {
    await driver.executeQuery("RETURN 1");
    return "ok";
  } catch (error) {
    return String((error as { code?: unknown }).code ?? error);
  } finally {
    await driver.close();
  }
}

const UNAUTHORIZED = /^Neo\.ClientError\.Security\.(Unauthorized|AuthenticationRateLimit)$/;

describe("The embedded Neo4j of the integration run", () => {
  it("refuses Bolt clients without the password, with the default one or with a wrong one", async () => {
    const { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password } = runNeo4jEnv();
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(await tryConnect(uri, NO_AUTH)).toMatch(UNAUTHORIZED);
    expect(await tryConnect(uri, neo4j.auth.basic("neo4j", "neo4j"))).toMatch(UNAUTHORIZED);
    expect(await tryConnect(uri, neo4j.auth.basic(user, `${password}x`))).toMatch(UNAUTHORIZED);
    // Failed logins lock nobody out: the right password still works at once.
    expect(await tryConnect(uri, neo4j.auth.basic(user, password))).toBe("ok");
  });
});

describe("The service's embedded Neo4j in a store of its own", () => {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "warn", "embedded-auth", "json");
  let dataDir = "";
  let config: Config;
  let db: DatabaseHandle | null = null;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "careers-graph-auth-"));
    config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_BOLT_PORT: "0", NEO4J_URI: "" });
  });

  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  const passwordFile = () => passwordFileFor(path.join(dataDir, "neo4j"));

  it("makes a password on first start, in a file only its owner can read, and connects with it", async () => {
    db = await openDatabase(config, logger);
    const file = passwordFile();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, "utf8").trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // openDatabase resolved: the service's own driver answered RETURN 1 with that password.
    const { records } = await db.driver.executeQuery("RETURN 1 AS one", {}, { database: db.database });
    expect(records[0]?.get("one")).toBe(1);
    expect(await tryConnect(db.uri, NO_AUTH)).toMatch(UNAUTHORIZED);
    expect(await tryConnect(db.uri, neo4j.auth.basic("neo4j", "neo4j"))).toMatch(UNAUTHORIZED);
    expect(await tryConnect(db.uri, neo4j.auth.basic("neo4j", password))).toBe("ok");
  }, 400_000);

  it("keeps the same password on a second start of the same store", async () => {
    const before = readFileSync(passwordFile(), "utf8");
    await db?.close();
    db = null;
    db = await openDatabase(config, logger);
    expect(readFileSync(passwordFile(), "utf8")).toBe(before);
    expect(statSync(passwordFile()).mode & 0o777).toBe(0o600);
    expect(await tryConnect(db.uri, neo4j.auth.basic("neo4j", before.trim()))).toBe("ok");
    expect(await tryConnect(db.uri, NO_AUTH)).toMatch(UNAUTHORIZED);
  }, 400_000);

  it("gives a store whose password file was lost a new password, and the old one stops working", async () => {
    const old = readFileSync(passwordFile(), "utf8").trim();
    await db?.close();
    db = null;
    rmSync(passwordFile());
    db = await openDatabase(config, logger);
    const renewed = readFileSync(passwordFile(), "utf8").trim();
    expect(renewed).not.toBe(old);
    expect(await tryConnect(db.uri, neo4j.auth.basic("neo4j", renewed))).toBe("ok");
    expect(await tryConnect(db.uri, neo4j.auth.basic("neo4j", old))).toMatch(UNAUTHORIZED);
  }, 400_000);
});
