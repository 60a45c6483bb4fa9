/**
 * fast-check arbitraries for hostile GraphQL input: strings with any code point (lone
 * surrogates, NUL, RTL marks, combining marks, Lucene and Cypher syntax), integers including
 * the extremes, wrong-typed JSON, and whole documents generated from the schema's own fields.
 */
import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { CURATED_ROLE_IDS, KNOWN_SKILL_IDS } from "./known-ids.js";

/** Pieces that mean something to a lexer, a query language or a terminal. */
const HOSTILE_TOKENS = [
  "\u0000",
  "\u202e",
  "\u200f",
  "\u200b",
  "\ufeff",
  "e\u0301\u0301",
  "👩🏽‍💼",
  "\u{10FFFF}",
  "\uffff",
  "\u2028",
  "~",
  "~2",
  "*",
  "?",
  ":",
  "\\",
  '"',
  "'",
  "`",
  "AND",
  "OR",
  "NOT",
  "^10",
  "[a TO z]",
  "/.*/",
  "MATCH (n) DETACH DELETE n",
  "}) RETURN 1 //",
  "$param0",
  "${x}",
  "%s",
  "chief",
  "operating",
  "officer",
  "directeur",
  " ",
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** One "character" of a hostile string: any code point, a lone surrogate or a hostile token. */
const hostileUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
);

export const knownIds = fc.constantFrom<string>(...CURATED_ROLE_IDS, ...KNOWN_SKILL_IDS);

/** Strings a client may send: unicode noise, hostile tokens, real ids, long texts. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: hostileUnit, maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: knownIds },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 190, maxLength: 260 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\u0000", "\ud800", "\udfff") },
);

/** Integers, weighted to the edges that matter: 0, negatives, range bounds, 32-bit extremes. */
export const anyInt: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 8 }),
  fc.constantFrom(0, -1, 1, 6, 7, 50, 51, 100, 101, 2 ** 31 - 1, -(2 ** 31)),
);

/** Values of the wrong type or out of GraphQL's Int range. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1.5,
    1e300,
    -0.5,
  ),
  fc.constantFrom(null, true, false, "10", "", [], {}, [null], { $ne: null }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** An optional value: undefined means "leave the argument out" (its default applies). */
export const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 4 });

/** Usually a value of the right type, sometimes a wrong one. */
export const mostly = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 5, arbitrary: arbitrary as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: wrongValue },
  );

// ---- Documents generated from the schema ----------------------------------------------------

/** Arguments that bound how many items a field returns. */
const BOUND_ARGUMENTS = new Set(["limit", "first"]);

export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
  /** Every string the request carries (an error may quote them back). */
  sent: string[];
}

interface Context {
  g: fc.GeneratorValue;
  definitions: string[];
  variables: Record<string, unknown>;
  sent: string[];
  next: number;
}

/** A document of 1–2 Query fields with selections 1–4 levels deep and random arguments. */
export function generateOperation(g: fc.GeneratorValue, schema: GraphQLSchema): GeneratedOperation {
  const queryType = schema.getQueryType();
  if (!queryType) throw new Error("the schema has no Query type");
  const context: Context = { g, definitions: [], variables: {}, sent: [], next: 0 };
  const roots = Object.values(queryType.getFields()).sort((a, b) => (a.name < b.name ? -1 : 1));
  const count = g(fc.integer, { min: 1, max: 2 });
  const depth = g(fc.integer, { min: 1, max: 4 });
  const picked = pick(g, roots, count);
  const selections = picked.map((field) => fieldSelection(context, field, 1, depth));
  const header =
    context.definitions.length > 0 ? `query Generated(${context.definitions.join(", ")})` : "query Generated";
  return {
    query: `${header} { ${selections.join(" ")} }`,
    variables: context.variables,
    sent: context.sent,
  };
}

/**
 * `count` distinct items, picked by name: fast-check compares generated values, and schema
 * objects (which point at each other) would send that comparison into endless recursion.
 */
function pick<T extends { name: string }>(g: fc.GeneratorValue, items: readonly T[], count: number): T[] {
  const byName = new Map(items.map((item) => [item.name, item]));
  const names = g(fc.shuffledSubarray<string>, [...byName.keys()], { minLength: count, maxLength: count });
  return names.map((name) => byName.get(name) as T);
}

function fieldSelection(
  context: Context,
  field: GraphQLField<unknown, unknown>,
  level: number,
  maxDepth: number,
): string {
  const args = argumentList(context, field, level);
  const named = getNamedType(field.type);
  if (isLeafType(named)) return `${field.name}${args}`;
  return `${field.name}${args} { ${subSelection(context, named, level + 1, maxDepth)} }`;
}

function subSelection(context: Context, type: GraphQLNamedType, level: number, maxDepth: number): string {
  if (!isObjectType(type)) return "__typename";
  const fields = Object.values(type.getFields()).sort((a, b) => (a.name < b.name ? -1 : 1));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
  const pool = level < maxDepth ? fields : leaves;
  if (pool.length === 0) {
    return "__typename";
  }
  const count = context.g(fc.integer, { min: 1, max: Math.min(3, pool.length) });
  const picked = pick(context.g, pool, count);
  return picked.map((field) => fieldSelection(context, field, level, maxDepth)).join(" ");
}

function argumentList(context: Context, field: GraphQLField<unknown, unknown>, level: number): string {
  const parts: string[] = [];
  for (const arg of field.args) {
    const required = isNonNullType(arg.type);
    const bound = BOUND_ARGUMENTS.has(arg.name);
    // Lists are always bounded (a nested list without a limit returns up to 100 items per parent).
    if (!required && !bound && !context.g(fc.boolean)) continue;
    const value = argumentValue(context, arg, level);
    context.sent.push(...stringsOf(value));
    const literal = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    if (literal && isScalarType(getNamedType(arg.type)) && context.g(fc.integer, { min: 0, max: 3 }) === 0) {
      // Inline: a JSON string or number is also a GraphQL literal (a lone surrogate is a parse error).
      parts.push(`${arg.name}: ${JSON.stringify(value)}`);
      continue;
    }
    const name = `v${context.next++}`;
    context.definitions.push(`$${name}: ${String(arg.type)}`);
    if (value !== undefined) context.variables[name] = value;
    parts.push(`${arg.name}: $${name}`);
  }
  return parts.length > 0 ? `(${parts.join(", ")})` : "";
}

/** A bound at the top: small, or anything (extremes, wrong types). */
const TOP_BOUND: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) },
  { weight: 1, arbitrary: anyInt },
  { weight: 1, arbitrary: wrongValue },
);
/** A bound below the top: small, or invalid; never large (100^3 rows is a load test, not a property). */
const NESTED_BOUND: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, -(2 ** 31), "3", 1.5) },
);

function argumentValue(context: Context, arg: GraphQLArgument, level: number): unknown {
  const { g } = context;
  if (BOUND_ARGUMENTS.has(arg.name)) {
    // Valid bounds stay small; hostile ones are extreme only at the top, where they are cheap.
    return g(() => (level === 1 ? TOP_BOUND : NESTED_BOUND));
  }
  if (g(fc.integer, { min: 0, max: 5 }) === 0) return g(() => wrongValue);
  return validValue(context, arg.type, 0);
}

/** A value of the right type (with hostile content for strings and extreme integers). */
function validValue(context: Context, type: GraphQLInputType, inputDepth: number): unknown {
  const { g } = context;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const length = g(fc.integer, { min: 0, max: 3 });
    return Array.from({ length }, () => validValue(context, nullable.ofType as GraphQLInputType, inputDepth));
  }
  if (isEnumType(nullable)) return g(fc.constantFrom, ...nullable.getValues().map((v) => v.name));
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields()).sort((a, b) => (a.name < b.name ? -1 : 1));
    const required = fields.filter((f) => isNonNullType(f.type));
    const optional = fields.filter(
      (f) => !isNonNullType(f.type) && (inputDepth < 2 || !isInputObjectType(getNamedType(f.type))),
    );
    const count = g(fc.integer, { min: 0, max: Math.min(2, optional.length) });
    const picked = [...required, ...pick(g, optional, count)];
    return Object.fromEntries(picked.map((f) => [f.name, validValue(context, f.type, inputDepth + 1)]));
  }
  switch (getNamedType(nullable).name) {
    case "Int":
      return g(() => anyInt.filter((n) => n >= -(2 ** 31) && n < 2 ** 31));
    case "Float":
      return g(fc.double, { noNaN: true, noDefaultInfinity: true });
    case "Boolean":
      return g(fc.boolean);
    default:
      return g(() => hostileString);
  }
}

function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}
