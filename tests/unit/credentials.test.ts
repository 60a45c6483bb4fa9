import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import {
  CredentialsError,
  databaseCredentials,
  embeddedCredentials,
  passwordFileFor,
} from "../../src/db/credentials.js";

describe("The embedded store's credentials", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "careers-graph-credentials-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the password in a file next to the store", () => {
    expect(passwordFileFor(path.join(dir, "neo4j"))).toBe(path.join(dir, "neo4j.password"));
  });

  it("creates a random password of 32 bytes on first use, mode 0600, leaving no temporary file", () => {
    const store = path.join(dir, "data", "neo4j");
    const { user, password } = embeddedCredentials(store);
    expect(user).toBe("neo4j");
    expect(Buffer.from(password, "base64url")).toHaveLength(32);
    const file = passwordFileFor(store);
    expect(readFileSync(file, "utf8").trim()).toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(["neo4j.password"]);
  });

  it("reuses the password it finds, and two stores get different ones", () => {
    const first = embeddedCredentials(path.join(dir, "a"));
    expect(embeddedCredentials(path.join(dir, "a"))).toEqual(first);
    expect(embeddedCredentials(path.join(dir, "b")).password).not.toBe(first.password);
  });

  it("tightens a password file that others could read back to 0600", () => {
    const store = path.join(dir, "neo4j");
    const { password } = embeddedCredentials(store);
    chmodSync(passwordFileFor(store), 0o644);
    expect(embeddedCredentials(store).password).toBe(password);
    expect(statSync(passwordFileFor(store)).mode & 0o777).toBe(0o600);
  });

  it("refuses an empty password file, naming the file and what to do", () => {
    const store = path.join(dir, "neo4j");
    writeFileSync(passwordFileFor(store), "\n", { mode: 0o600 });
    expect(() => embeddedCredentials(store)).toThrow(CredentialsError);
    expect(() => embeddedCredentials(store)).toThrow(/neo4j\.password.*Delete it/s);
  });

  it("uses the store's password without NEO4J_URI, and NEO4J_USER / NEO4J_PASSWORD as given with it", () => {
    const embedded = databaseCredentials(loadConfig({ DATA_DIR: dir }));
    expect(embedded).toEqual({
      neo4jUser: "neo4j",
      neo4jPassword: readFileSync(path.join(dir, "neo4j.password"), "utf8").trim(),
    });
    const external = databaseCredentials(
      loadConfig({
        DATA_DIR: dir,
        NEO4J_URI: "bolt://db.example.test:7687",
        NEO4J_USER: "u",
        NEO4J_PASSWORD: "p",
      }),
    );
    expect(external).toEqual({ neo4jUser: "u", neo4jPassword: "p" });
  });
});
