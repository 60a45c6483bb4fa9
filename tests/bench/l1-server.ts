/**
 * Level L1 of the benchmark, run as its own process by tests/bench/run.ts: the plain library
 * stack over the service's own type definitions (graph/schema/*.graphql), set up as the
 * @neo4j/graphql and Apollo Server getting-started guides do — `new Neo4jGraphQL({ typeDefs,
 * driver })`, `new ApolloServer({ schema })`, `startStandaloneServer` — with no limits, no cost
 * rules, no plugins, no clamps or deadlines and no custom resolvers. Only the generated
 * operations (the `roles` queries and their nested fields) answer here; the career operations
 * need the service's resolvers and are not measured at L1.
 *
 * The driver is the service's createDriver, as at L2, so that the pool and the connection
 * settings are not what differs between the levels.
 *
 *   node --import tsx tests/bench/l1-server.ts
 *
 * Reads NEO4J_URI (and the other database settings) like the service; prints "LISTENING <port>".
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { loadConfig } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { createLogger } from "../../src/logger.js";
import { readTypeDefs } from "../../src/schema/build-schema.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.neo4jUri) throw new Error("l1-server: NEO4J_URI must be set");
  const logger = createLogger(config.logLevel, "bench-l1");
  const driver = createDriver(config, config.neo4jUri, logger);
  const neoSchema = new Neo4jGraphQL({ typeDefs: readTypeDefs(), driver });
  const server = new ApolloServer({ schema: await neoSchema.getSchema() });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  console.log(`LISTENING ${new URL(url).port}`);
  const stop = () => {
    void server
      .stop()
      .then(() => driver.close())
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error("l1-server:", error instanceof Error ? error.message : error);
  process.exit(1);
});
