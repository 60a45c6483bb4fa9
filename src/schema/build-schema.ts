import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Neo4jGraphQL } from "@neo4j/graphql";
import type { GraphQLSchema } from "graphql";
import type { Driver } from "neo4j-driver";
import { GRAPH_DIR } from "../db/cypher-files.js";
import { careerResolvers } from "./career/resolvers.js";
import { clampTopLevelLists } from "./list-clamp.js";
import { withRootDeadlines } from "./root-deadline.js";

const SCHEMA_DIR = path.join(GRAPH_DIR, "schema");

/** The type definitions of graph/schema/*.graphql, in file-name order. */
export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), "utf8"));
}

/**
 * The executable schema: @neo4j/graphql's generated read API over the graph model, plus the
 * custom career operations (graph/schema/career.graphql) and their resolvers; top-level lists
 * clamped to 100 items; with `queryTimeoutMs`, a deadline on every top-level field.
 */
export async function buildSchema(
  driver?: Driver,
  options: { queryTimeoutMs?: number } = {},
): Promise<GraphQLSchema> {
  const neoSchema = new Neo4jGraphQL({
    typeDefs: readTypeDefs(),
    resolvers: careerResolvers,
    ...(driver ? { driver } : {}),
  });
  const schema = clampTopLevelLists(await neoSchema.getSchema());
  return options.queryTimeoutMs === undefined ? schema : withRootDeadlines(schema, options.queryTimeoutMs);
}
