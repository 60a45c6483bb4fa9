/**
 * The /graphql handler: Apollo Server over plain Node requests (src/http/graphql-route.ts parses
 * the body first), plus what the service adds to each answer:
 * - a request whose reads saw a seed load commit half-way (src/db/request-reads.ts) is run again,
 *   with a fresh context, up to MAX_ATTEMPTS times;
 * - the answer names its dataset version (header `X-Dataset-Version`, set by the
 *   dataset-version plugin) and an anonymous GET's ETag carries it, so a conditional GET answers
 *   304 until the data (or the answer) changes;
 * - an answer larger than the response-size cap is replaced by an error naming the cap.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import fresh from "fresh";
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

/** A request whose body, if any, a body parser has read into `body`. */
export type ParsedRequest = IncomingMessage & { body?: unknown };

export interface GraphqlHandlerOptions<TContext> {
  createContext: (req: ParsedRequest) => TContext;
  /** The largest answer sent; a larger one is replaced by RESPONSE_TOO_LARGE (the last line of defence behind the cost model). */
  maxResponseBytes: number;
}

export function graphqlHandler<TContext extends DatasetContext & object>(
  server: ApolloServer<TContext>,
  options: GraphqlHandlerOptions<TContext>,
): (req: ParsedRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const httpGraphQLRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      headers,
      search: query < 0 ? "" : url.slice(query),
      body: req.body,
    };
    for (let attempt = 1; ; attempt++) {
      let context: TContext | null = null;
      let response;
      let seen: DatasetSeen | null | undefined;
      try {
        response = await server.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => (context = options.createContext(req)),
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
        res.setHeader("Retry-After", "1");
        res.setHeader("Cache-Control", "no-store");
        sendJson(res, 503, {
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
        sendComplete(req, res, response.body.string, options.maxResponseBytes);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
      return;
    }
  };
}

/** Sends a whole answer: the size cap, then an anonymous GET's ETag and its 304. */
function sendComplete(req: IncomingMessage, res: ServerResponse, body: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(body);
  if (bytes > maxBytes) {
    res.removeHeader("etag");
    res.removeHeader("cache-control");
    sendJson(res, 400, {
      errors: [
        {
          message: `Response too large: the answer is ${bytes} bytes, the limit is ${maxBytes}; ask for less (fewer nested lists, smaller limits)`,
          extensions: { code: "RESPONSE_TOO_LARGE", limit: "maxResponseBytes", maxBytes, bytes },
        },
      ],
    });
    return;
  }
  const version = res.getHeader(DATASET_VERSION_HEADER);
  const isGet = req.method === "GET" || req.method === "HEAD";
  if (isGet && res.statusCode === 200 && typeof version === "string") {
    const digest = createHash("sha256").update(body).digest("base64url").slice(0, 22);
    const etag = `W/"${version}-${digest}"`;
    res.setHeader("ETag", etag);
    if (fresh(req.headers, { etag })) {
      // Not modified: no body, and none of the headers that describe one (RFC 9110, 15.4.5).
      res.statusCode = 304;
      res.removeHeader("content-type");
      res.removeHeader("content-length");
      res.end();
      return;
    }
  }
  res.setHeader("Content-Length", bytes);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Sends a JSON answer of the service's own (errors outside GraphQL execution). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}
