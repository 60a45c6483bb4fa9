import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";

/** How long browsers and shared caches may keep an anonymous GET query's response. */
export const PUBLIC_QUERY_MAX_AGE_SECONDS = 300;

export interface CachePolicyOptions {
  maxAgeSeconds?: number;
}

/**
 * Lets browsers and CDNs cache anonymous read queries (the related-jobs widget's GET), which the
 * data allows: the graph changes only when the seeds are reloaded.
 *
 * Our schema has no `@cacheControl` hints: a response is cacheable because of how it was asked
 * (an anonymous GET query), not because of which fields it holds. So this plugin replaces Apollo
 * Server's default cache-control plugin (`cachePolicyPlugins()` returns both), which would
 * compute a policy field by field through a `willResolveField` hook on every resolved field of
 * every answer (thousands for a large `skillOverlap`), only to reach `no-store`. It sets the
 * request's overall cache policy before execution (the response-cache plugin reads it there, and
 * replaces it with the stored one on a hit) and writes the header as Apollo's plugin would:
 * `max-age=300, public` for a public read answered without errors, `no-store` otherwise. A POST, a
 * mutation, or a request carrying credentials is `no-store`.
 */
export function cachePolicyPlugins<TContext extends object>(
  options: CachePolicyOptions = {},
): ApolloServerPlugin<TContext>[] {
  return [
    ApolloServerPluginCacheControlDisabled() as ApolloServerPlugin<TContext>,
    cachePolicyPlugin(options),
  ];
}

function cachePolicyPlugin<TContext extends object>(
  options: CachePolicyOptions,
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
        async willSendResponse({ response, overallCachePolicy }) {
          const policy = overallCachePolicy.policyIfCacheable();
          const clean = response.body.kind === "single" && !response.body.singleResult.errors;
          response.http.headers.set(
            "cache-control",
            policy && clean && response.http.headers.get("cache-control") !== "no-store"
              ? `max-age=${policy.maxAge}, ${policy.scope.toLowerCase()}`
              : "no-store",
          );
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
