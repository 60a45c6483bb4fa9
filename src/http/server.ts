import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import express, { type ErrorRequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import type { Neo4jGraphQLContext } from "@neo4j/graphql";
import { createFormatError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ExampleOperation } from "../schema/examples.js";
import type { Readiness } from "../db/health.js";
import type { DatabaseProcessHealth } from "../db/supervised-neo4j.js";
import { playgroundAssets, playgroundPlugin } from "./playground.js";
import { queryLimits, type ClientIdentity, type LimitOptions } from "./limits.js";
import { readOnlyRule } from "./read-only-rule.js";
import { aggregateSelectionRule } from "./aggregate-selection-rule.js";
import { cachePolicyPlugins } from "./cache-policy.js";
import { operationNamePlugin } from "./operation-name.js";
import { datasetVersionPlugin, type DatasetContext } from "./dataset-version-plugin.js";
import { graphqlHandler, sendJson } from "./graphql-handler.js";
import {
  INTERNAL_SERVER_ERROR_BODY,
  badBodyAnswer,
  clientAddressOf,
  graphqlRoute,
  isGraphqlPath,
} from "./graphql-route.js";
import { responseCache } from "./response-cache.js";
import { webRoutes } from "../web/router.js";
import { MAX_RESPONSE_BYTES } from "../limits/policy.js";

export interface HttpServerOptions {
  schema: GraphQLSchema;
  /** Builds the context of one request: its database settings and its own loaders. */
  createContext: (clientKey: string) => RequestContext;
  limits: LimitOptions;
  bodyLimitBytes: number;
  /** Node's headersTimeout and requestTimeout: how long a client may take to send a request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Which proxies may tell the client's address (config.trustProxy), for the rate limit. */
  trustProxy: false | number | readonly string[];
  examples: readonly ExampleOperation[];
  checkReady: () => Promise<Readiness>;
  /** The dataset version the graph holds now (src/db/dataset-watch.ts), for answers and the cache. */
  datasetVersion: () => string | null;
  /** Size bound of the response cache of anonymous GETs; 0 turns it off. */
  responseCacheBytes: number;
  /** The embedded Neo4j's process state, when the service runs one. */
  databaseProcess?: () => DatabaseProcessHealth;
  logger: Logger;
}

export interface HttpServer {
  readonly server: Server;
  /** Listens; resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  /** Stops taking requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

export type RequestContext = Neo4jGraphQLContext & ClientIdentity & DatasetContext & Record<string, unknown>;

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { logger } = options;
  const app = express();
  app.disable("x-powered-by");
  // Once stopping, every answer closes its connection: a client on a kept-alive socket gets its
  // answer with `Connection: close` and reconnects elsewhere, instead of a reset on its next request.
  let stopping = false;
  // /graphql is answered on plain Node requests (src/http/graphql-route.ts), every other path by
  // Express; set once Apollo Server has started.
  let answerGraphql: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  // A client that sends its headers (or body) slowly cannot hold a socket for long: Node answers
  // 408 and closes it when the deadline passes (Node's defaults are 60 s and 300 s).
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // Node looks for overdue requests this often (30 s by default, which would let them linger).
      connectionsCheckingInterval: 1000,
    },
    (req, res) => {
      if (stopping) res.setHeader("Connection", "close");
      if (answerGraphql && isGraphqlPath(req.url)) answerGraphql(req, res);
      else void app(req, res);
    },
  );

  const limits = queryLimits(options.limits);
  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // CSRF prevention is off on purpose: this API is public and read-only (mutations are refused
    // by validation), and it never reads cookies or other ambient credentials, so a forged
    // cross-site request can do nothing that any page cannot already do with an ordinary CORS
    // request (every origin may read). Keeping it would refuse the GET queries standard clients
    // send by default (urql, graphql-request) for no protection. See docs/clients.md.
    csrfPrevention: false,
    allowBatchedHttpRequests: false,
    validationRules: [readOnlyRule, aggregateSelectionRule, ...limits.validationRules],
    validationOptions: limits.validationOptions,
    parseOptions: limits.parseOptions,
    // main.ts owns the signals: it drains HTTP, then closes the driver and the embedded Neo4j.
    stopOnTerminationSignals: false,
    formatError: createFormatError(
      (error) => logger.error({ err: error }, "unexpected error in a request"),
      () => databaseDisrupted(options.databaseProcess?.()),
    ),
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      playgroundPlugin(options.examples),
      ...cachePolicyPlugins<RequestContext>(),
      operationNamePlugin<RequestContext>(),
      ...(limits.plugins as ApolloServerPlugin<RequestContext>[]),
      datasetVersionPlugin<RequestContext>(options.datasetVersion),
      ...responseCache<RequestContext>({
        maxBytes: options.responseCacheBytes,
        datasetVersion: options.datasetVersion,
      }),
    ],
  });
  await apollo.start();

  // The rate limit keys on the client's address: behind a reverse proxy that is the proxy's
  // address unless the proxy is trusted to pass the client's on (X-Forwarded-For); a client cannot
  // claim it itself.
  const clientAddress = clientAddressOf(options.trustProxy);
  answerGraphql = graphqlRoute({
    bodyLimitBytes: options.bodyLimitBytes,
    handle: graphqlHandler(apollo, {
      createContext: (req) => options.createContext(clientAddress(req)),
      maxResponseBytes: MAX_RESPONSE_BYTES,
    }),
    onError: (error) => logger.error({ err: error }, "unexpected HTTP error"),
  });

  // Liveness: 200 while the service can serve. With an embedded Neo4j, 503 while its JVM is being
  // restarted or could not be (the service then exits non-zero); docs/limits.md.
  app.get("/healthz", (_req, res) => {
    const database = options.databaseProcess?.();
    if (!database || database.state === "up") {
      res.json(database ? { status: "ok", database } : { status: "ok" });
      return;
    }
    res
      .status(503)
      .json({ status: database.state === "failed" ? "database-failed" : "database-restarting", database });
  });
  app.get("/readyz", async (_req, res) => {
    const readiness = await options.checkReady();
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  app.use(playgroundAssets());
  app.use(webRoutes());
  const onBodyError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    const answer = badBodyAnswer(error, options.bodyLimitBytes);
    if (answer) {
      sendJson(res, answer.status, answer.body);
      return;
    }
    logger.error({ err: error }, "unexpected HTTP error");
    if (res.headersSent) {
      next(error);
      return;
    }
    sendJson(res, 500, INTERNAL_SERVER_ERROR_BODY);
  };
  app.use(onBodyError);

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async stop() {
      stopping = true;
      await apollo.stop();
    },
  };
}

/**
 * Whether the embedded database is restarting or came back less than a minute ago (a query timed
 * out then waited on a database that was not serving). False without an embedded database.
 */
function databaseDisrupted(health: DatabaseProcessHealth | undefined): boolean {
  if (!health) return false;
  if (health.state !== "up") return true;
  const exitedAt = health.lastExit ? Date.parse(health.lastExit.at) : Number.NaN;
  return Number.isFinite(exitedAt) && Date.now() - exitedAt < 60_000;
}
