/**
 * The /graphql route: Apollo Server's Express integration (as @as-integrations/express5 does it),
 * plus what one dataset per answer needs:
 * - a request whose reads saw a seed load commit half-way (src/db/request-reads.ts) is run again,
 *   with a fresh context, up to MAX_ATTEMPTS times;
 * - the answer names its dataset version (header `X-Dataset-Version`, set by the
 *   dataset-version plugin) and an anonymous GET's ETag carries it, so a conditional GET answers
 *   304 until the data (or the answer) changes.
 */
import { createHash } from "node:crypto";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Request, RequestHandler, Response } from "express";
import type { DatasetSeen } from "../db/request-reads.js";
import { DATASET_VERSION_HEADER, type DatasetContext } from "./dataset-version-plugin.js";

/**
 * Attempts of one request when seed loads keep committing under it; when the last one still saw
 * two versions, the client gets SERVICE_UNAVAILABLE (retry shortly), never a mixed answer.
 */
export const MAX_ATTEMPTS = 10;
/**
 * Pause before each new attempt, doubling from RETRY_PAUSE_MS up to MAX_RETRY_PAUSE_MS (about 9 s
 * in all): a load's commit takes from a fraction of a second to several seconds on a loaded
 * machine, and an attempt while it applies is wasted. A reload makes answers slower, not wrong.
 */
const RETRY_PAUSE_MS = 50;
const MAX_RETRY_PAUSE_MS = 2000;

export function graphqlHandler<TContext extends DatasetContext & object>(
  server: ApolloServer<TContext>,
  createContext: (req: Request, res: Response) => TContext,
): RequestHandler {
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = new URL(req.originalUrl, "http://localhost");
    const httpGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: url.search,
      body: req.body as unknown,
    };
    for (let attempt = 1; ; attempt++) {
      let context: TContext | null = null;
      let response;
      let seen: DatasetSeen | null | undefined;
      try {
        response = await server.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => (context = createContext(req, res)),
        });
      } finally {
        // Closes the request's reads whatever happened (the plugin's call already did when the
        // operation ran) and tells whether they saw one version. Read it here, not from a flag on
        // the context: Apollo Server gives plugins and resolvers a shallow copy of the context
        // object, so a flag they set never reaches this one; the reads object is shared.
        seen = await (context as TContext | null)?.reads?.finish();
      }
      const mixed = seen?.consistent === false;
      if (mixed && attempt < MAX_ATTEMPTS) {
        const pause = Math.min(MAX_RETRY_PAUSE_MS, RETRY_PAUSE_MS * 2 ** (attempt - 1));
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
      if (mixed) {
        res.status(503).setHeader("Retry-After", "1");
        res.setHeader("Cache-Control", "no-store");
        res.json({
          errors: [
            {
              message: `The answer could not be read from one dataset version in ${MAX_ATTEMPTS} attempts (the data is being reloaded); try again in a moment`,
              extensions: { code: "SERVICE_UNAVAILABLE" },
            },
          ],
        });
        return;
      }
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") {
        const body = response.body.string;
        const version = response.headers.get(DATASET_VERSION_HEADER);
        if (httpGraphQLRequest.method === "GET" && res.statusCode === 200 && version) {
          // Express answers 304 by itself when If-None-Match matches the ETag set before send().
          const digest = createHash("sha256").update(body).digest("base64url").slice(0, 22);
          res.setHeader("ETag", `W/"${version}-${digest}"`);
        }
        res.send(body);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
      return;
    }
  };
}
