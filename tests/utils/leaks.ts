/**
 * What must never reach a client (docs/design.md, "Errors"): stack traces, Cypher text, database error
 * names and codes, connection URIs. Pure, so that the bench scripts can use it too.
 */

export interface LeakMarker {
  readonly name: string;
  readonly pattern: RegExp;
}

export const LEAK_MARKERS: readonly LeakMarker[] = [
  { name: "stack trace frame", pattern: / {4}at / },
  { name: "stack trace frame (escaped newline)", pattern: /\\n\s*at [\w.<$]/ },
  { name: "Cypher MATCH", pattern: /\b(?:OPTIONAL\s+)?MATCH\s*\(/ },
  { name: "Cypher RETURN", pattern: /\bRETURN\s+(?:DISTINCT\s+)?[\w$`{[(*]/ },
  { name: "Cypher UNWIND", pattern: /\bUNWIND\s+[\w$[]/ },
  { name: "Cypher CALL", pattern: /\bCALL\s*(?:\{|\(|db\.|apoc\.)/ },
  { name: "Cypher YIELD", pattern: /\bYIELD\s+\w/ },
  { name: "Cypher ORDER BY / SKIP / LIMIT", pattern: /\b(?:ORDER BY\s+\w+\.|SKIP\s+\$|LIMIT\s+\$)/ },
  { name: "@neo4j/graphql variable", pattern: /\(this\d*:\w+\)|\$param\d+\b/ },
  { name: "Neo4jError", pattern: /Neo4jError/ },
  { name: "Neo4j status code", pattern: /\bNeo\.[A-Z][A-Za-z]+\.[A-Z]/ },
  { name: "GQL status", pattern: /gqlStatus/ },
  { name: "Java exception", pattern: /\b(?:java\.lang|org\.neo4j)\.\w/ },
  { name: "connection URI", pattern: /\b(?:bolt|neo4j)(?:\+s|\+ssc)?:\/\// },
  { name: "server file path", pattern: /node_modules\/|\/src\/[\w/-]+\.ts\b/ },
];

/** Lone surrogates become U+FFFD on their way through UTF-8 (to Neo4j and back). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The forms an echoed input can take in a JSON body (raw, JSON-escaped once or twice). */
function echoForms(value: string): string[] {
  return [value, value.replace(LONE_SURROGATE, "\ufffd")].flatMap((raw) => {
    const once = JSON.stringify(raw).slice(1, -1);
    const twice = JSON.stringify(once).slice(1, -1);
    return [raw, once, twice];
  });
}

/**
 * Names the markers found in a response body. `echoed` are the strings the request sent: an
 * error message may quote them back (a NOT_FOUND names the id), which is not a leak, so they
 * are blanked first. Short values are not blanked (they could hide a real marker).
 */
export function findLeaks(body: string, echoed: readonly string[] = []): string[] {
  let text = body;
  const forms = echoed
    .filter((value) => value.length >= 4)
    .flatMap(echoForms)
    .filter((form, i, all) => all.indexOf(form) === i)
    .sort((a, b) => b.length - a.length);
  for (const form of forms) text = text.split(form).join("\u2026");
  return LEAK_MARKERS.filter((marker) => marker.pattern.test(text)).map(
    (marker) => `${marker.name}: ${JSON.stringify(marker.pattern.exec(text)?.[0])}`,
  );
}

/** Every string inside a JSON-like value (variables), for `findLeaks`' `echoed`. */
export function stringsIn(value: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 50) return found;
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found, depth + 1);
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      found.push(key);
      stringsIn(item, found, depth + 1);
    }
  return found;
}
