/**
 * A deadline on every top-level field. @neo4j/graphql runs the generated queries itself, so the
 * reader's deadline (src/db/reader.ts) does not cover them: the server's transaction timeout ends
 * a slow query, but a connection that goes silent mid-query (frozen host, dropped packets) is only
 * noticed when the driver's receive timeout fires. The service stops waiting at the same point
 * as for the custom operations and answers SERVICE_UNAVAILABLE; the driver closes the connection
 * on its own later.
 */
import { MapperKind, mapSchema } from "@graphql-tools/utils";
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { DEADLINE_GRACE_MS, DatabaseDeadlineError, withDeadline } from "../db/driver.js";

export function withRootDeadlines(schema: GraphQLSchema, queryTimeoutMs: number): GraphQLSchema {
  const ms = queryTimeoutMs + DEADLINE_GRACE_MS;
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (field, fieldName) => {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, args, context: { reads?: { abandon(): void } }, info) =>
          withDeadline(Promise.resolve(resolve(source, args, context, info)), ms, `Query.${fieldName}`).catch(
            (error: unknown) => {
              // The request's reads are stuck: skip the version check (request-reads.ts).
              if (error instanceof DatabaseDeadlineError) context.reads?.abandon();
              throw error;
            },
          ),
      };
    },
  });
}
