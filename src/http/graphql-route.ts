/**
 * The /graphql route on plain Node requests, without Express: nearly every request the service
 * answers is a GraphQL one, and Express's router and its request and response objects cost a few
 * per cent of the CPU of a simple query (docs/performance.md). The same libraries as before do the
 * work — cors for CORS, body-parser for the JSON body, proxy-addr for the client's address,
 * fresh for conditional GETs (in graphql-handler.ts) — so the answers do not change. Every other
 * path is Express's (src/http/server.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import bodyParser from "body-parser";
import cors from "cors";
import proxyAddr from "proxy-addr";
import { sendJson, type ParsedRequest } from "./graphql-handler.js";

/** Whether a request is for /graphql: the path itself or below it, in any case (as Express's mount matched). */
export function isGraphqlPath(url: string | undefined): boolean {
  if (!url) return false;
  const end = url.indexOf("?");
  const path = (end < 0 ? url : url.slice(0, end)).toLowerCase();
  return path === "/graphql" || path.startsWith("/graphql/");
}

/**
 * The client's address for the rate limit: the socket's peer, or the address a trusted proxy
 * forwarded (`X-Forwarded-For`). `trust` is config.trustProxy: false (no proxy), a number of hops
 * to trust, or addresses, subnets and proxy-addr's names (loopback, linklocal, uniquelocal).
 */
export function clientAddressOf(trust: false | number | readonly string[]): (req: IncomingMessage) => string {
  const trusted: (address: string, hop: number) => boolean =
    typeof trust === "number"
      ? (_address, hop) => hop < trust
      : proxyAddr.compile(trust === false ? [] : [...trust]);
  return (req) => (req.socket.remoteAddress ? proxyAddr(req, trusted) : "unknown");
}

/** The answer to a failure of the service itself (nothing about it is the client's to know). */
export const INTERNAL_SERVER_ERROR_BODY = {
  errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
};

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphqlRouteOptions {
  bodyLimitBytes: number;
  /** Answers the request once its body is parsed (graphql-handler.ts). */
  handle: (req: ParsedRequest, res: ServerResponse) => Promise<void>;
  /** Unexpected failures (not a client's bad body), for the log. */
  onError: (error: unknown) => void;
}

export function graphqlRoute(
  options: GraphqlRouteOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const middlewares: Middleware[] = [
    // Any origin may read (the widget runs on other sites). Its GET carries apollo-require-preflight,
    // so each new query costs a preflight: let browsers cache it (Chromium caps maxAge at 2 h).
    cors({ methods: ["GET", "POST"], maxAge: 7200 }),
    bodyParser.json({ limit: options.bodyLimitBytes }),
  ];
  const fail = (res: ServerResponse, error: unknown): void => {
    const answer = badBodyAnswer(error, options.bodyLimitBytes);
    if (!answer) options.onError(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const { status, body } = answer ?? { status: 500, body: INTERNAL_SERVER_ERROR_BODY };
    sendJson(res, status, body);
  };
  return (req, res) => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined) {
        fail(res, error);
        return;
      }
      const middleware = middlewares[index++];
      if (middleware) {
        middleware(req, res, next);
        return;
      }
      options.handle(req, res).catch((failure: unknown) => fail(res, failure));
    };
    next();
  };
}

/**
 * The answer to a body the service cannot read (body-parser's errors), naming what was wrong;
 * null for any other failure (a fault of the service: 500).
 */
export function badBodyAnswer(
  error: unknown,
  bodyLimitBytes: number,
): { status: number; body: { errors: { message: string; extensions: Record<string, unknown> }[] } } | null {
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (type === "entity.too.large") {
    return {
      status: 413,
      body: {
        errors: [
          {
            message: `Request body too large: the limit is ${bodyLimitBytes} bytes`,
            extensions: { code: "PAYLOAD_TOO_LARGE", limit: bodyLimitBytes },
          },
        ],
      },
    };
  }
  if (type === "entity.parse.failed") {
    return {
      status: 400,
      body: { errors: [{ message: "Malformed JSON body", extensions: { code: "BAD_REQUEST" } }] },
    };
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { status, body: { errors: [{ message: "Bad request", extensions: { code: "BAD_REQUEST" } }] } };
  }
  return null;
}
