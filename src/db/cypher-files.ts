import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Folder of the graph model: schema, constraints and Cypher queries. */
export const GRAPH_DIR = fileURLToPath(new URL("../../graph/", import.meta.url));

/**
 * Reads a file of named statements, each starting at a line `// name: <name>`.
 * Read once at start-up; the statements are static and parameterised.
 */
export function readNamedStatements(file: string): ReadonlyMap<string, string> {
  const statements = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (name !== null) statements.set(name, lines.join("\n").trim());
  };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const header = /^\/\/ name: (.+)$/.exec(line);
    if (header?.[1]) {
      flush();
      name = header[1].trim();
      lines = [];
    } else if (name !== null) {
      lines.push(line);
    }
  }
  flush();
  return statements;
}

/** Reads a file of statements separated by semicolons; `//` comment lines are dropped. */
export function readStatements(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function statement(statements: ReadonlyMap<string, string>, name: string): string {
  const found = statements.get(name);
  if (found === undefined) throw new Error(`No Cypher statement named "${name}"`);
  return found;
}
