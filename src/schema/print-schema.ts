/** `npm run schema:print`: writes the generated schema, sorted, to graph/schema.generated.graphql. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { GRAPH_DIR } from "../db/cypher-files.js";
import { buildSchema } from "./build-schema.js";

export const GENERATED_SCHEMA_FILE = path.join(GRAPH_DIR, "schema.generated.graphql");

export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const printed = printSortedSchema(await buildSchema());
  writeFileSync(GENERATED_SCHEMA_FILE, printed);
  console.log(
    `Wrote ${path.relative(process.cwd(), GENERATED_SCHEMA_FILE)} (${printed.split("\n").length} lines)`,
  );
}
