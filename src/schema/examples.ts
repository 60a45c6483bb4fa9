import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { GRAPH_DIR } from "../db/cypher-files.js";

/** An example operation of graph/examples/, shown in the playground and the README, and run by a test. */
export interface ExampleOperation {
  file: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
}

export const EXAMPLES_DIR = path.join(GRAPH_DIR, "examples");

/**
 * Reads every example. A file starts with `# title: …` and optionally `# variables: {json}`;
 * the rest is the GraphQL document.
 */
export function readExamples(dir = EXAMPLES_DIR): ExampleOperation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((file) => {
      const query = readFileSync(path.join(dir, file), "utf8");
      const title = /^# title: (.+)$/m.exec(query)?.[1]?.trim();
      if (!title) throw new Error(`${file}: the first line must be "# title: …"`);
      const variablesText = /^# variables: (.+)$/m.exec(query)?.[1];
      let variables: Record<string, unknown> = {};
      if (variablesText) {
        try {
          variables = JSON.parse(variablesText) as Record<string, unknown>;
        } catch (error) {
          throw new Error(`${file}: "# variables:" is not valid JSON (${String(error)})`);
        }
      }
      return { file, title, query, variables };
    });
}
