/**
 * The one helper that owns what integration tests need: the driver of the run's Neo4j, a running
 * service, `executeGraphQL` over real HTTP, `executeCypher`, and graph counts.
 */
import type { Driver } from "neo4j-driver";
import { startApp, type App } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { recordQueries, type RecordedQuery } from "./query-recorder.js";
import { runNeo4jEnv, type RunNeo4jEnv } from "./run-neo4j.js";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export class TestHelper {
  readonly config: Config;
  readonly logger: Logger;
  readonly driver: Driver;
  /** Every query the service sent to the database, when built with `{ record: true }`. */
  readonly queries: RecordedQuery[] = [];
  private readonly serviceDriver: Driver;
  /** The service's own driver when it does not share `driver` (NEO4J_URI given in the overrides). */
  private readonly separateServiceDriver: Driver | null;
  private app: App | null = null;
  /** With `{ readOnly: true }`: every attempt of the service to open a session or query for writing. */
  readonly writeAttempts: string[] = [];

  /**
   * `overrides` are environment variables for the service's configuration. `NEO4J_URI` among them
   * points the service at another address (a TCP proxy in front of the run's Neo4j, say) while
   * `driver` and `executeCypher` keep talking to the run's Neo4j directly.
   */
  constructor(
    overrides: Record<string, string> = {},
    options: { record?: boolean; readOnly?: boolean; neo4j?: RunNeo4jEnv } = {},
  ) {
    // `neo4j`: a Neo4j of the test file's own (tests/utils/own-neo4j.ts) instead of the run's.
    const neo4jEnv = options.neo4j ?? runNeo4jEnv();
    const uri = neo4jEnv.NEO4J_URI;
    this.config = loadConfig({
      ...process.env,
      ...neo4jEnv,
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_ON_START: "false",
      // Every test client is one loopback address: rate limiting is tested on its own (limits.int.test.ts).
      RATE_LIMIT_COST_PER_MINUTE: "0",
      ...overrides,
    });
    this.logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent", "test");
    this.driver = createDriver(this.config, uri, this.logger);
    const serviceUri = this.config.neo4jUri ?? uri;
    this.separateServiceDriver =
      serviceUri === uri ? null : createDriver(this.config, serviceUri, this.logger);
    const baseServiceDriver = this.separateServiceDriver ?? this.driver;
    const serviceDriver = options.readOnly
      ? readOnlyDriver(baseServiceDriver, this.writeAttempts)
      : baseServiceDriver;
    if (options.record) {
      const recorder = recordQueries(serviceDriver);
      this.serviceDriver = recorder.driver;
      this.queries = recorder.queries;
    } else {
      this.serviceDriver = serviceDriver;
    }
  }

  get database(): string {
    return this.config.neo4jDatabase;
  }

  /** Starts the real service (HTTP + Apollo + @neo4j/graphql) on a free port. */
  async start(): Promise<string> {
    if (this.app) throw new Error("TestHelper.start() called twice; call close() first");
    this.app = await startApp(this.config, this.logger, {
      driver: this.serviceDriver,
      uri: this.config.neo4jUri ?? "",
      database: this.database,
      embedded: null,
      close: async () => {},
    });
    return this.url;
  }

  get url(): string {
    if (!this.app) throw new Error("The service is not running: call `await helper.start()` in beforeAll");
    return `http://127.0.0.1:${this.app.port}`;
  }

  async executeGraphQL<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as GraphQLResponse<T>["body"],
    };
  }

  async executeCypher<T = Record<string, unknown>>(
    cypher: string,
    params: Record<string, unknown> = {},
  ): Promise<T[]> {
    const { records } = await this.driver.executeQuery(cypher, params, { database: this.database });
    return records.map((r) => r.toObject() as T);
  }

  /** Node counts per label and relationship counts per type, for "nothing changed" assertions. */
  async graphCounts(): Promise<{ nodes: Record<string, number>; relationships: Record<string, number> }> {
    const nodes = await this.executeCypher<{ label: string; n: number }>(
      "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label",
    );
    const rels = await this.executeCypher<{ type: string; n: number }>(
      "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type",
    );
    return {
      nodes: Object.fromEntries(nodes.map((r) => [r.label, r.n])),
      relationships: Object.fromEntries(rels.map((r) => [r.type, r.n])),
    };
  }

  async close(): Promise<void> {
    await this.app?.stop();
    this.app = null;
    await this.separateServiceDriver?.close();
    await this.driver.close();
  }
}

/**
 * The service's driver as a read-only database user would see it: a session opened in WRITE mode
 * (the driver's default) or an executeQuery routed for writing is recorded and refused.
 */
function readOnlyDriver(driver: Driver, attempts: string[]): Driver {
  return new Proxy(driver, {
    get(target, property, receiver) {
      if (property === "session") {
        return (config: Parameters<Driver["session"]>[0] = {}) => {
          if (config.defaultAccessMode !== "READ") {
            attempts.push(`session(${JSON.stringify(config.defaultAccessMode ?? "WRITE (default)")})`);
            throw new Error("read-only test driver: a session must be opened with defaultAccessMode READ");
          }
          return target.session(config);
        };
      }
      if (property === "executeQuery") {
        return (cypher: string, params?: unknown, config?: { routing?: string }) => {
          if (config?.routing !== "READ") {
            attempts.push(`executeQuery(${cypher.slice(0, 60)})`);
            throw new Error("read-only test driver: executeQuery must be routed READ");
          }
          return (target.executeQuery as (...a: unknown[]) => unknown).call(target, cypher, params, config);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
