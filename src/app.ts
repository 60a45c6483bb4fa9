import type { Transaction } from "neo4j-driver";
import type { Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/database.js";
import { watchDatasetVersion } from "./db/dataset-watch.js";
import { createReadinessCheck } from "./db/health.js";
import { createRequestReader } from "./db/reader.js";
import { loadDatasetVersionStatement, RequestReads } from "./db/request-reads.js";
import { createCostModel } from "./http/limits.js";
import { readFanOut } from "./limits/fan-out.js";
import { createHttpServer, type HttpServer, type RequestContext } from "./http/server.js";
import { CareerContext, loadCareerStatements } from "./schema/career/career-context.js";
import type { Logger } from "./logger.js";
import { buildSchema } from "./schema/build-schema.js";
import { readExamples } from "./schema/examples.js";
import { warmUp } from "./schema/warm-up.js";
import { datasetVersion, DEFAULT_SEEDS_DIR } from "./seed/dataset-version.js";

export interface App {
  readonly port: number;
  readonly db: DatabaseHandle;
  readonly http: HttpServer;
  /** The dataset version this code and these seed files make, which /readyz expects to find. */
  readonly expectedDatasetVersion: string;
  /** Drains requests, closes the driver and stops the embedded Neo4j, in that order. */
  stop(): Promise<void>;
}

/**
 * The composition root of the service: database, schema and HTTP server, built and wired once.
 * The service only reads: loading the graph is `npm run seed`'s job (src/seed/cli.ts), which
 * `npm start` runs first as its own step (src/main.ts). Every request reads in one READ
 * transaction (src/db/request-reads.ts).
 */
export async function startApp(config: Config, logger: Logger, db?: DatabaseHandle): Promise<App> {
  const database = db ?? (await openDatabase(config, logger));
  const versionCypher = loadDatasetVersionStatement();
  const watch = watchDatasetVersion(database.driver, database.database, versionCypher);
  try {
    const expectedDatasetVersion = datasetVersion({ seedsDir: DEFAULT_SEEDS_DIR });
    const found = await watch.refresh();
    if (found !== expectedDatasetVersion) {
      logger.warn(
        { found, expected: expectedDatasetVersion },
        found === null
          ? "the graph holds no dataset: /readyz answers 503 until `npm run seed` loads one"
          : "the graph holds another dataset version than this code expects: /readyz answers 503 until `npm run seed` loads it",
      );
    }
    const schema = await buildSchema(database.driver, { queryTimeoutMs: config.queryTimeoutMs });
    const careerStatements = loadCareerStatements();
    const createContext = (clientKey: string): RequestContext => {
      const reads = new RequestReads({
        driver: database.driver,
        database: database.database,
        timeoutMs: config.queryTimeoutMs,
        versionCypher,
        observations: watch.observations,
      });
      const context: RequestContext = {
        clientKey,
        // @neo4j/graphql runs its queries with `executionContext.run` when the object is neither a
        // driver nor a session: they join the request's transaction, as the loaders' queries do.
        executionContext: reads as unknown as Transaction,
        reads,
      };
      // Loaders live and die with one request: no cache is shared between requests.
      context.career = new CareerContext(
        createRequestReader(reads, config.queryTimeoutMs),
        careerStatements,
        context,
      );
      return context;
    };
    const examples = readExamples();
    const http = await createHttpServer({
      schema,
      createContext,
      bodyLimitBytes: config.bodyLimitBytes,
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      limits: {
        costPerMinute: config.rateLimitCostPerMinute,
        maxCost: config.maxQueryCost,
        costModel: createCostModel(await readFanOut(database.driver, database.database, logger)),
      },
      trustProxy: config.trustProxy,
      examples,
      checkReady: createReadinessCheck(database.driver, database.database, 2000, expectedDatasetVersion),
      datasetVersion: () => watch.current,
      responseCacheBytes: config.responseCacheBytes,
      ...(database.embedded?.health
        ? { databaseProcess: database.embedded.health.bind(database.embedded) }
        : {}),
      logger,
    });
    await warmUp(schema, examples, () => createContext("warm-up"), logger);
    const port = await http.listen(config.port, config.host);
    logger.info({ url: `http://localhost:${port}/graphql`, datasetVersion: found }, "GraphQL API ready");
    let stopping: Promise<void> | null = null;
    return {
      port,
      db: database,
      http,
      expectedDatasetVersion,
      stop() {
        stopping ??= (async () => {
          watch.stop();
          await http.stop();
          if (!db) await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    watch.stop();
    if (!db) await database.close();
    throw error;
  }
}
