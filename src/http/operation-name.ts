import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind } from "graphql";

/**
 * A document with several operations needs `operationName` to say which one to run (the spec
 * leaves the server no choice). graphql-js answers "Must provide operation name if query contains
 * multiple operations." without saying which names would do; this plugin answers the same 400
 * (Apollo's code OPERATION_RESOLUTION_FAILURE) with the names the document offers, and does the same for an unknown `operationName`.
 */
export function operationNamePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          const names = document.definitions.flatMap((d) =>
            d.kind === Kind.OPERATION_DEFINITION ? [d.name ? d.name.value : "(anonymous)"] : [],
          );
          if (names.length === 0) return;
          const offered = names.map((n) => JSON.stringify(n)).join(", ");
          const message =
            request.operationName == null
              ? `The document has ${names.length} operations: pass operationName, one of ${offered}`
              : `operationName ${JSON.stringify(request.operationName)} names no operation of the document: use one of ${offered}`;
          throw new GraphQLError(message, {
            extensions: {
              code: "OPERATION_RESOLUTION_FAILURE",
              operationNames: names,
              http: { status: 400 },
            },
          });
        },
      };
    },
  };
}
