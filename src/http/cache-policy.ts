import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from "@apollo/server";

/** How long browsers and shared caches may keep an anonymous GET query's response. */
export const PUBLIC_QUERY_MAX_AGE_SECONDS = 300;

export interface CachePolicyOptions {
  maxAgeSeconds?: number;
}

/**
 * Lets browsers and CDNs cache anonymous read queries (the related-jobs widget's GET), which the
 * data allows: the graph changes only when the seeds are reloaded.
 *
 * Apollo Server installs its cache-control plugin by default, and with no `@cacheControl` hints in
 * our schema it writes `no-store` on every response. Rather than overwrite its header afterwards
 * (which depends on plugin order), this plugin sets the request's overall cache policy before
 * execution: Apollo's plugin treats a policy set that early as an override, and then writes
 * `max-age=300, public` itself, but only for a response without errors, and `no-store` otherwise.
 * A POST, a mutation, or a request carrying credentials keeps Apollo's `no-store`.
 */
export function cachePolicyPlugin<TContext extends object>(
  options: CachePolicyOptions = {},
): ApolloServerPlugin<TContext> {
  const maxAge = options.maxAgeSeconds ?? PUBLIC_QUERY_MAX_AGE_SECONDS;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          if (isPublicRead(requestContext)) {
            requestContext.overallCachePolicy.replace({ maxAge, scope: "PUBLIC" });
          }
        },
      };
    },
  };
}

function isPublicRead<TContext extends object>(
  requestContext: GraphQLRequestContextDidResolveOperation<TContext>,
): boolean {
  const http = requestContext.request.http;
  if (!http || http.method !== "GET") return false;
  // A response to a request with credentials may depend on who asked: never share it.
  if (http.headers.has("authorization") || http.headers.has("cookie")) return false;
  return requestContext.operation?.operation === "query";
}
