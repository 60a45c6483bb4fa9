import { GraphQLError } from "graphql";
import { Neo4jError } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { createFormatError, mapNeo4jError, notFound } from "../../src/errors.js";

describe("Error formatting", () => {
  const unexpected: unknown[] = [];
  const format = createFormatError((e) => unexpected.push(e));

  it("maps an unreachable database to SERVICE_UNAVAILABLE", () => {
    const error = new Neo4jError("Could not perform discovery", "ServiceUnavailable", "08000", "");
    expect(mapNeo4jError(error)?.extensions.code).toBe("SERVICE_UNAVAILABLE");
    const formatted = format(
      { message: "bolt://127.0.0.1:7687 refused" },
      new GraphQLError("x", { originalError: error }),
    );
    expect(formatted.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(formatted)).not.toMatch(/bolt:|Neo4jError|discovery/);
  });

  it.each([
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.ClientError.Transaction.TransactionTimedOut",
  ])("maps a transaction timeout (%s) to QUERY_TIMEOUT, not to an outage", (code) => {
    const error = new Neo4jError("timed out", code, "", "");
    const mapped = mapNeo4jError(error);
    expect(mapped?.extensions.code).toBe("QUERY_TIMEOUT");
    expect(mapped?.message).toMatch(/retrying it will not help/);
  });

  it("masks a Cypher syntax error as INTERNAL_SERVER_ERROR without its text", () => {
    const error = new Neo4jError(
      "Invalid input 'MATCH (n:Role'",
      "Neo.ClientError.Statement.SyntaxError",
      "",
      "",
    );
    const formatted = format(
      { message: error.message, extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at x"] } },
      new GraphQLError(error.message, { originalError: error }),
    );
    expect(formatted).toEqual({
      message: "Internal server error",
      path: undefined,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(unexpected).toContain(error);
  });

  it("keeps expected errors with their code and message, without a stack trace", () => {
    const error = notFound("Role", "no-such-role");
    const formatted = format(
      { message: error.message, extensions: { ...error.extensions, stacktrace: ["at y"] } },
      error,
    );
    expect(formatted.message).toContain('"no-such-role"');
    expect(formatted.extensions).toEqual({ code: "NOT_FOUND", id: "no-such-role" });
  });
});
