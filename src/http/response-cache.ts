/**
 * The response cache of anonymous GET queries: Apollo's response-cache plugin over an in-memory
 * LRU bounded in size (`RESPONSE_CACHE_BYTES`; the LRU counts the characters of each serialised
 * entry). The key is the query text, the operation name, the variables and the dataset version
 * the graph holds now (DatasetWatch), so a reload moves every request to new keys and the old
 * entries age out of the LRU.
 *
 * An entry is written only under the version its answer was read from, and only when the whole
 * answer came from that one version (src/db/request-reads.ts): a key never serves another
 * version's data. A POST, a mutation, a request with credentials, or an answer with errors is
 * never cached (the plugin caches only answers whose cache policy is public, which
 * cache-policy.ts grants to anonymous GET queries alone).
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { DatasetContext } from "./dataset-version-plugin.js";

export interface ResponseCacheOptions {
  /** Upper bound of the cache's size, in characters of serialised answers; 0 turns the cache off. */
  maxBytes: number;
  /** The dataset version the graph holds now; null when unknown (then nothing is cached). */
  datasetVersion: () => string | null;
}

function isAnonymousGet(requestContext: GraphQLRequestContext<object>): boolean {
  const http = requestContext.request.http;
  if (!http || http.method !== "GET") return false;
  return !http.headers.has("authorization") && !http.headers.has("cookie");
}

export function responseCache<TContext extends DatasetContext & object>(
  options: ResponseCacheOptions,
): ApolloServerPlugin<TContext>[] {
  if (options.maxBytes <= 0) return [];
  const cache = new InMemoryLRUCache<string>({ maxSize: options.maxBytes });
  return [
    responseCachePlugin<TContext>({
      cache,
      extraCacheKeyData: async (requestContext) => {
        const version = options.datasetVersion();
        requestContext.contextValue.cacheKeyVersion = version;
        return { datasetVersion: version };
      },
      shouldReadFromCache: async (requestContext) =>
        isAnonymousGet(requestContext) && requestContext.contextValue.cacheKeyVersion != null,
      shouldWriteToCache: async (requestContext) => {
        const context = requestContext.contextValue;
        return (
          isAnonymousGet(requestContext) &&
          context.cacheKeyVersion != null &&
          context.datasetVersion === context.cacheKeyVersion &&
          context.mixedVersions !== true
        );
      },
    }),
  ];
}
