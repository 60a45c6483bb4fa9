/**
 * Runs every example operation once before the service takes requests. Neo4j plans a query the
 * first time it sees it, and @neo4j/graphql's larger queries (the role profile) took seconds to
 * plan on a cold, busy database: long enough for a first user's request to hit the query timeout.
 * Afterwards the plans are cached, and so are the JIT-compiled paths of the GraphQL layer.
 */
import { graphql, type GraphQLSchema } from "graphql";
import type { Logger } from "../logger.js";
import type { ExampleOperation } from "./examples.js";

export interface WarmUpResult {
  operations: number;
  failed: string[];
  ms: number;
}

export async function warmUp(
  schema: GraphQLSchema,
  examples: readonly ExampleOperation[],
  createContext: () => object,
  logger: Logger,
): Promise<WarmUpResult> {
  const started = performance.now();
  const failed: string[] = [];
  // One at a time: the point is to plan each query, not to load the database.
  for (const example of examples) {
    const exampleStarted = performance.now();
    const contextValue = createContext() as { reads?: { finish(): Promise<unknown> } };
    const result = await graphql({
      schema,
      source: example.query,
      variableValues: example.variables,
      contextValue,
    });
    // Closes the request's read transaction (src/db/request-reads.ts).
    await contextValue.reads?.finish();
    if (result.errors?.length) {
      // Most likely the database is away or slow: waiting for every example would only delay
      // the start. The service starts anyway; /readyz tells whether the database answers.
      failed.push(example.file);
      logger.warn(
        { example: example.file, error: result.errors[0]?.message },
        "warm-up stopped at a failed query",
      );
      break;
    }
    logger.debug({ example: example.file, ms: Math.round(performance.now() - exampleStarted) }, "warmed up");
  }
  const ms = Math.round(performance.now() - started);
  logger.info({ operations: examples.length, failed: failed.length, ms }, "warm-up done");
  return { operations: examples.length, failed, ms };
}
