/**
 * Bounds on the arguments that size a query's work, checked before any database work: how many
 * items a list may ask for (`limit`, `first`), how far it may skip (`offset`) and how wide a filter
 * (`where`) may be. graphql-armor bounds the document's shape; these bound the values in it,
 * which may come from variables as well as from the text.
 */
import {
  GraphQLError,
  TypeInfo,
  getArgumentValues,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";

import {
  FIELD_INT_ARGUMENTS,
  ID_LIST_ARGUMENTS,
  INT_ARGUMENTS,
  LIST_LIMITS,
  type IntBound,
} from "./policy.js";

export { LIST_LIMITS } from "./policy.js";

/** Counts the terms of a filter value: every object field and every list item, at any depth. */
export function filterTerms(value: unknown, cap = LIST_LIMITS.maxFilterTerms + 1): number {
  let count = 0;
  const walk = (v: unknown): void => {
    if (count >= cap || v === null || typeof v !== "object") return;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      count += 1;
      walk(child);
      if (count >= cap) return;
    }
  };
  walk(value);
  return count;
}

/**
 * The first argument of the operation that breaks a bound, as a BAD_USER_INPUT error naming the
 * field, the argument, the value and the allowed range; null when every argument is within bounds.
 */
export function checkListArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): GraphQLError | null {
  const typeInfo = new TypeInfo(schema);
  let problem: GraphQLError | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (problem) return false;
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!field || !parent || !node.arguments?.length) return undefined;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, node, variables);
        } catch {
          // Values that do not coerce are refused by graphql-js itself, with its own message.
          return undefined;
        }
        const where = `${parent.name}.${field.name}`;
        const bounds: [string, IntBound][] = [
          ...Object.entries(INT_ARGUMENTS),
          ...Object.entries(FIELD_INT_ARGUMENTS[where] ?? {}),
        ];
        for (const [name, bound] of bounds) {
          const value = args[name];
          if (value === undefined || value === null) continue;
          if (
            typeof value !== "number" ||
            !Number.isInteger(value) ||
            value < bound.min ||
            value > bound.max
          ) {
            problem = badArgument(
              `Argument "${name}" of ${where} must be an integer between ${bound.min} and ${bound.max}; got ${String(value)}`,
              { field: where, argument: name, min: bound.min, max: bound.max },
            );
            return false;
          }
        }
        for (const [name, max] of Object.entries(ID_LIST_ARGUMENTS[where] ?? {})) {
          const ids = args[name];
          if (!Array.isArray(ids)) continue;
          const distinct = new Set(ids).size;
          if (distinct < 1 || distinct > max) {
            problem = badArgument(
              `Argument "${name}" of ${where} must hold between 1 and ${max} distinct ids; got ${distinct}`,
              { field: where, argument: name, min: 1, max },
            );
            return false;
          }
        }
        const after = args.after;
        if (after !== undefined && after !== null && cursorOffset(after) === null) {
          problem = badArgument(
            `Argument "after" of ${where} is not a cursor of this API: pass a cursor it returned (edges.cursor or pageInfo.endCursor) for an offset between 0 and ${LIST_LIMITS.maxOffset}`,
            { field: where, argument: "after", max: LIST_LIMITS.maxOffset },
          );
          return false;
        }
        if (args.where !== undefined) {
          const terms = filterTerms(args.where);
          if (terms > LIST_LIMITS.maxFilterTerms) {
            problem = badArgument(
              `Argument "where" of ${where} is too wide: more than ${LIST_LIMITS.maxFilterTerms} terms (fields, operators and list items); narrow the filter`,
              { field: where, argument: "where", max: LIST_LIMITS.maxFilterTerms },
            );
            return false;
          }
        }
        return undefined;
      },
    }),
  );
  return problem;
}

/**
 * The offset a connection cursor stands for, or null when it is not one this API hands out.
 * @neo4j/graphql's cursors are base64 of `arrayconnection:<offset>` (graphql-relay); a made-up one
 * decodes to NaN or a negative offset and used to reach Neo4j as SKIP NaN. Re-encoding and
 * comparing keeps lenient base64 decoding from accepting variants.
 */
export function cursorOffset(cursor: unknown): number | null {
  if (typeof cursor !== "string" || cursor.length > 64) return null;
  const match = /^arrayconnection:(\d{1,9})$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match) return null;
  const offset = Number(match[1]);
  if (offset > LIST_LIMITS.maxOffset) return null;
  return Buffer.from(`arrayconnection:${offset}`, "utf8").toString("base64") === cursor ? offset : null;
}

function badArgument(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "BAD_USER_INPUT", ...details, http: { status: 400 } },
  });
}
