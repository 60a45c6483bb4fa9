import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("Configuration", () => {
  it("uses defaults that start the embedded Neo4j", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, neo4jUri: null, neo4jDatabase: "neo4j", logLevel: "info" });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads the variables of the design", () => {
    const config = loadConfig({
      PORT: "8080",
      NEO4J_URI: "neo4j+s://db.example.test:7687",
      NEO4J_USER: "reader",
      NEO4J_PASSWORD: "secret",
      NEO4J_DATABASE: "careers",
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      port: 8080,
      neo4jUri: "neo4j+s://db.example.test:7687",
      neo4jUser: "reader",
      neo4jPassword: "secret",
      neo4jDatabase: "careers",
      logLevel: "debug",
    });
  });

  it.each([
    ["PORT", "eighty", /PORT="eighty": must be a whole number between 0 and 65535/],
    ["PORT", "70000", /PORT="70000"/],
    ["NEO4J_URI", "http://localhost:7474", /NEO4J_URI=.*bolt:\/\/ or neo4j:\/\//],
    ["LOG_LEVEL", "loud", /LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent/],
    ["SEED_ON_START", "maybe", /SEED_ON_START="maybe": must be one of true, false, 1, 0/],
    ["QUERY_TIMEOUT_MS", "10", /QUERY_TIMEOUT_MS="10"/],
    ["HEADERS_TIMEOUT_MS", "500", /HEADERS_TIMEOUT_MS="500": must be a whole number between 1000 and 60000/],
    [
      "REQUEST_TIMEOUT_MS",
      "soon",
      /REQUEST_TIMEOUT_MS="soon": must be a whole number between 1000 and 300000/,
    ],
  ])("stops on a bad %s, naming the variable and what is allowed", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
  it("sets header and request timeouts of a few seconds, the header one within the request one", () => {
    const config = loadConfig({});
    expect(config.headersTimeoutMs).toBeGreaterThanOrEqual(1000);
    expect(config.headersTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(config.requestTimeoutMs).toBeGreaterThanOrEqual(config.headersTimeoutMs);
    expect(config.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: "9000", REQUEST_TIMEOUT_MS: "3000" })).toThrow(
      /HEADERS_TIMEOUT_MS=9000 must not exceed REQUEST_TIMEOUT_MS=3000/,
    );
  });

  it("reads TRUST_PROXY as false, a number of hops or a list of addresses, subnets and keywords", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,::1" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "::1",
    ]);
  });

  it.each(["true", "0", "11", "10.0.0.0/33", "proxy.example", "loopback,", "1.2.3"])(
    "refuses TRUST_PROXY=%s, naming the variable and the allowed values",
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY=.*must be false, a number of hops from 1 to 10, or a comma-separated list/,
      );
    },
  );
});
