/**
 * Names the dataset version of every answer in the header `X-Dataset-Version` (a header rather
 * than a response extension, so that the body of every existing answer keeps its shape). When
 * execution ends it closes the request's reads (RequestReads.finish), which tell whether they all
 * saw one version: when not, a seed load committed under the request, and the handler, which reads
 * the same outcome from the shared `reads`, runs it again (src/http/graphql-handler.ts). An answer
 * from the response cache carries the version of its key.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestReads } from "../db/request-reads.js";

export const DATASET_VERSION_HEADER = "x-dataset-version";

/** What the handler needs to find in a request's context. */
export interface DatasetContext {
  reads?: RequestReads;
  /**
   * Set by the dataset-version plugin when the answer may mix two versions, on the copy of the
   * context that Apollo Server hands to plugins (the response cache reads it there); the handler
   * asks the shared `reads` instead.
   */
  mixedVersions?: boolean;
  /** The dataset version the answer was read from. */
  datasetVersion?: string | null;
  /** The dataset version of the response-cache key of this request (src/http/response-cache.ts). */
  cacheKeyVersion?: string | null;
}

export function datasetVersionPlugin<TContext extends DatasetContext & object>(
  currentVersion: () => string | null,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ contextValue }) {
          return {
            async executionDidEnd() {
              const seen = await contextValue.reads?.finish();
              if (seen) {
                contextValue.datasetVersion = seen.version;
                contextValue.mixedVersions = !seen.consistent;
              }
            },
          };
        },
        async willSendResponse({ contextValue, response }) {
          // An answer that read nothing (or came from the cache) carries the version of its cache
          // key, or else the one the graph holds now.
          const version = contextValue.datasetVersion ?? contextValue.cacheKeyVersion ?? currentVersion();
          if (version === null) return;
          response.http.headers.set(DATASET_VERSION_HEADER, version);
        },
      };
    },
  };
}
