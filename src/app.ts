import type { Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/database.js";
import { createReadinessCheck } from "./db/health.js";
import { createReader } from "./db/reader.js";
import { createCostModel } from "./http/limits.js";
import { readFanOut } from "./limits/fan-out.js";
import { createHttpServer, type HttpServer, type RequestContext } from "./http/server.js";
import { CareerContext, loadCareerStatements } from "./schema/career/career-context.js";
import type { Logger } from "./logger.js";
import { buildSchema } from "./schema/build-schema.js";
import { readExamples } from "./schema/examples.js";
import { warmUp } from "./schema/warm-up.js";
import { seed } from "./seed/pipeline.js";
import { applyConstraints, loadSeedStatements } from "./seed/write-batch.js";

export interface App {
  readonly port: number;
  readonly db: DatabaseHandle;
  readonly http: HttpServer;
  /** Drains requests, closes the driver and stops the embedded Neo4j, in that order. */
  stop(): Promise<void>;
}

/** The composition root: database, seeds, schema and HTTP server, built and wired once. */
export async function startApp(config: Config, logger: Logger, db?: DatabaseHandle): Promise<App> {
  const database = db ?? (await openDatabase(config, logger));
  try {
    if (config.seedOnStart) {
      await seed({ driver: database.driver, database: database.database, logger });
    } else {
      await applyConstraints(database.driver, database.database, loadSeedStatements());
    }
    const schema = await buildSchema(database.driver, { queryTimeoutMs: config.queryTimeoutMs });
    const reader = createReader(database.driver, database.database, config.queryTimeoutMs);
    const careerStatements = loadCareerStatements();
    const createContext = (clientKey: string): RequestContext => {
      const context: RequestContext = {
        clientKey,
        executionContext: database.driver,
        sessionConfig: { database: database.database },
        transaction: { timeout: config.queryTimeoutMs },
      };
      // Loaders live and die with one request: no cache is shared between requests.
      context.career = new CareerContext(reader, careerStatements, context);
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
      checkReady: createReadinessCheck(database.driver, database.database, 2000),
      ...(database.embedded?.health
        ? { databaseProcess: database.embedded.health.bind(database.embedded) }
        : {}),
      logger,
    });
    await warmUp(schema, examples, () => createContext("warm-up"), logger);
    const port = await http.listen(config.port, config.host);
    logger.info({ url: `http://localhost:${port}/graphql` }, "GraphQL API ready");
    let stopping: Promise<void> | null = null;
    return {
      port,
      db: database,
      http,
      stop() {
        stopping ??= (async () => {
          await http.stop();
          if (!db) await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (!db) await database.close();
    throw error;
  }
}
