import { GraphQLError, type ValidationRule } from "graphql";

/**
 * The API is read-only: a mutation or subscription is refused at validation, with a clear
 * message, instead of failing at execution as graphql-js does when the root type is missing.
 */
export const readOnlyRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === "query") return;
    const root =
      node.operation === "mutation"
        ? context.getSchema().getMutationType()
        : context.getSchema().getSubscriptionType();
    if (!root) {
      context.reportError(
        new GraphQLError(
          `This API is read-only: ${node.operation} operations are not supported. The graph changes only through the seed pipeline.`,
          { nodes: [node] },
        ),
      );
    }
  },
});
