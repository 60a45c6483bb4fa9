import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { Neo4jError } from "neo4j-driver";

/** The codes a client can see in `extensions.code`. */
export const ErrorCode = {
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: ApolloServerErrorCode.BAD_USER_INPUT,
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
  GRAPHQL_PARSE_FAILED: ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_REQUEST: ApolloServerErrorCode.BAD_REQUEST,
  PERSISTED_QUERY_NOT_FOUND: ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  PERSISTED_QUERY_NOT_SUPPORTED: ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  OPERATION_RESOLUTION_FAILURE: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  RATE_LIMITED: "RATE_LIMITED",
  QUERY_TIMEOUT: "QUERY_TIMEOUT",
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const CLIENT_CODES = new Set<string>(Object.values(ErrorCode));

export function notFound(kind: string, id: string): GraphQLError {
  return new GraphQLError(`${kind} not found: no ${kind} has id "${id}"`, {
    extensions: { code: ErrorCode.NOT_FOUND, id },
  });
}

export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}" ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}

export function serviceUnavailable(): GraphQLError {
  return new GraphQLError("The database is unavailable or too slow to answer; try again shortly", {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
  });
}

/**
 * The query ran past its transaction timeout and Neo4j stopped it: the client's own query is too
 * heavy (the database is up), so retrying the same query will not help.
 */
export function queryTimeout(): GraphQLError {
  return new GraphQLError(
    "The query ran longer than the service allows in the database and was stopped; retrying it will not help: ask for less (fewer nested lists, smaller limits, narrower relationship filters)",
    { extensions: { code: ErrorCode.QUERY_TIMEOUT } },
  );
}

/** Server codes of a transaction that ran past its timeout. */
const TIMEOUT_CODES = new Set([
  "Neo.ClientError.Transaction.TransactionTimedOut",
  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
]);

/** Driver and server codes that mean "the database is not reachable or did not answer in time". */
const UNAVAILABLE_CODES = new Set([
  "ServiceUnavailable",
  "SessionExpired",
  "Neo.TransientError.Transaction.Terminated",
  "Neo.TransientError.Transaction.LockClientStopped",
  "Neo.TransientError.General.DatabaseUnavailable",
  "Neo.ClientError.Database.DatabaseNotFound",
]);

/**
 * Driver failures that carry no telling code (the driver's own `newError` gives them "N/A"):
 * waiting for a pooled connection, connecting, a connection lost or silent, a closed pool.
 */
const UNAVAILABLE_MESSAGE =
  /Connection acquisition timed out|Failed to connect|ECONNREFUSED|ECONNRESET|Connection lost|didn't respond|Pool is closed/i;

/** The error and its causes (`cause`, GraphQL's `originalError`), outermost first. */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    chain.push(current);
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  return chain;
}

function findNeo4jError(chain: readonly Error[]): Neo4jError | null {
  for (const current of chain) {
    if (current instanceof Neo4jError) return current;
    if (typeof (current as { code?: unknown }).code === "string") {
      const code = (current as unknown as { code: string }).code;
      if (UNAVAILABLE_CODES.has(code) || TIMEOUT_CODES.has(code) || code.startsWith("Neo.")) {
        return current as Neo4jError;
      }
    }
  }
  return null;
}

/** Maps a database error to what a client may see: timed out, unavailable, or null for "unexpected". */
export function mapNeo4jError(error: unknown): GraphQLError | null {
  const chain = causeChain(error);
  const neo = findNeo4jError(chain);
  if (neo && TIMEOUT_CODES.has(neo.code)) return queryTimeout();
  if (neo && (UNAVAILABLE_CODES.has(neo.code) || neo.code.startsWith("Neo.TransientError"))) {
    return serviceUnavailable();
  }
  // A server error with a code (a syntax error, a constraint) is not an outage, whatever it says.
  if (neo?.code.startsWith("Neo.")) return null;
  // Connection failures (acquiring from the pool, connecting) surface as plain errors or as
  // Neo4jErrors without a meaningful code.
  if (chain.some((e) => UNAVAILABLE_MESSAGE.test(e.message))) return serviceUnavailable();
  return null;
}

/**
 * Apollo's formatError: expected errors keep their code and message; database outages become
 * SERVICE_UNAVAILABLE; anything else becomes a generic INTERNAL_SERVER_ERROR. No stack trace,
 * Cypher text or database message ever reaches the client.
 */
export function createFormatError(
  onUnexpected: (error: unknown) => void,
  /**
   * True while the database is restarting or has just come back: a query that timed out then was
   * waiting on a database that was not serving, not too heavy, so it is an outage to retry.
   */
  databaseDisrupted: () => boolean = () => false,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    let unavailable = mapNeo4jError(original);
    if (unavailable?.extensions.code === ErrorCode.QUERY_TIMEOUT && databaseDisrupted()) {
      unavailable = serviceUnavailable();
    }
    if (unavailable) {
      return {
        message: unavailable.message,
        path: formatted.path,
        extensions: { ...unavailable.extensions },
      };
    }
    if (typeof code === "string" && CLIENT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    onUnexpected(
      original instanceof GraphQLError && original.originalError ? original.originalError : original,
    );
    return {
      message: "Internal server error",
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
