import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  Kind,
  visit,
  type DocumentNode,
  type OperationDefinitionNode,
  type ValueNode,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { LIST_LIMITS, checkListArguments } from "./list-arguments.js";

/** Limits checked before any database work; the README's "Limits and errors" lists them. */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  maxCost: 100_000,
  /** Nesting of input objects and lists in arguments and variables (e.g. NOT inside NOT in a filter). */
  maxInputDepth: 8,
} as const;

/** How deeply input objects and lists nest in the document's arguments and in the variables. */
export function inputDepth(document: DocumentNode, variables: Record<string, unknown>): number {
  let deepest = 0;
  const cap = LIMITS.maxInputDepth + 1;
  const valueDepth = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== "object") return;
    deepest = Math.max(deepest, depth);
    if (depth >= cap) return;
    for (const item of Array.isArray(value) ? value : Object.values(value)) valueDepth(item, depth + 1);
  };
  // The variables object itself is level 0: a variable holding an object is level 1.
  for (const value of Object.values(variables)) valueDepth(value, 1);
  const astDepth = (node: ValueNode, depth: number): void => {
    if (node.kind !== Kind.OBJECT && node.kind !== Kind.LIST) return;
    deepest = Math.max(deepest, depth);
    if (depth >= cap) return;
    for (const child of node.kind === Kind.OBJECT ? node.fields.map((f) => f.value) : node.values) {
      astDepth(child, depth + 1);
    }
  };
  visit(document, {
    Argument(argument) {
      astDepth(argument.value, 1);
    },
  });
  return deepest;
}

/** Base cost of the custom operations (their Cypher does more than a lookup). */
const OPERATION_COST: Record<string, number> = {
  relatedRoles: 10,
  searchRoles: 10,
  careerPaths: 50,
  compareRoles: 10,
  skillOverlap: 20,
  rolesBySkills: 20,
};

/**
 * A nested list without a `limit` argument is assumed to hold this many items; a top-level list
 * without one returns at most LIST_LIMITS.maxItems (src/schema/list-clamp.ts).
 */
const ASSUMED_LIST_SIZE = 10;

/**
 * The cost model, used both to refuse a too costly query and to charge the rate limit:
 * a field costs 1 (or its operation's base cost) plus its selection's cost times the number of
 * items it can return (`limit` or `first` when given, at most 100; else 100 for a top-level list,
 * 10 for a nested one, 1 for a single item).
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const base = OPERATION_COST[field.name] ?? 1;
  const requested =
    typeof args.limit === "number" ? args.limit : typeof args.first === "number" ? args.first : null;
  const limit = requested === null ? null : Math.max(0, Math.min(requested, LIST_LIMITS.maxItems));
  const unbounded = type.name === "Query" ? LIST_LIMITS.maxItems : ASSUMED_LIST_SIZE;
  const isList = isListType(getNullableType(field.type));
  // A top-level connection (rolesConnection, …) is clamped like a list; its edges then count as a list.
  const isTopConnection = type.name === "Query" && field.name.endsWith("Connection");
  const items = limit ?? idLookupSize(args.where) ?? (isList || isTopConnection ? unbounded : 1);
  // Leaves (scalars) cost their base only.
  if (childComplexity === 0 && !("getFields" in getNamedType(field.type))) return base;
  return base + childComplexity * items;
};

/** A filter on ids returns at most one item per id: `id: { eq }` one, `id: { in: [...] }` that many. */
function idLookupSize(where: unknown): number | null {
  if (where === null || typeof where !== "object") return null;
  const id = (where as { id?: unknown }).id;
  if (id === null || typeof id !== "object") return null;
  const { eq, in: list } = id as { eq?: unknown; in?: unknown };
  if (typeof eq === "string") return 1;
  return Array.isArray(list) ? list.length : null;
}

export function estimateCost(
  schema: GraphQLSchema,
  query: Parameters<typeof getComplexity>[0]["query"],
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query,
    variables,
    ...(operationName ? { operationName } : {}),
    estimators: [costEstimator],
  });
}

export interface LimitOptions {
  /** Cost a client may spend per minute; 0 turns the rate limit off. */
  costPerMinute: number;
}

/**
 * The operation's variables as graphql-js will execute them: coerced to their types, defaults of
 * the variable definitions included. null when they do not coerce.
 */
export function effectiveVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> | null {
  try {
    const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables, {
      maxErrors: 1,
    });
    return result.errors ? null : result.coerced;
  } catch {
    return null;
  }
}

/** What one request's context must carry for the rate limit. */
export interface ClientIdentity {
  clientKey: string;
}

/**
 * Query limits (graphql-armor: depth, aliases, directives, tokens, no field suggestions; the cost
 * model above: maximum cost) and a per-client rate limit by cost that answers 429 with Retry-After.
 */
export function queryLimits(options: LimitOptions): {
  plugins: ApolloServerPlugin<ClientIdentity>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, exposeLimits: true },
    maxAliases: { n: LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: true },
    // Tokens are limited by graphql-js's own parser (parseOptions below): armor's parser hook turns
    // every syntax error into an HTTP 500.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const plugins: ApolloServerPlugin<ClientIdentity>[] = [
    ...(armor.plugins as ApolloServerPlugin<ClientIdentity>[]),
  ];
  plugins.push(costPlugin(options.costPerMinute));
  return {
    plugins,
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: LIMITS.maxTokens },
  };
}

/**
 * Estimates each operation's cost once its document is validated (the variables are known
 * then), refuses it when over the maximum, and charges it to the client's per-minute budget.
 * Both happen before any database work.
 */
function costPlugin(costPerMinute: number): ApolloServerPlugin<ClientIdentity> {
  const limiter = costPerMinute > 0 ? new RateLimiterMemory({ points: costPerMinute, duration: 60 }) : null;
  const checks = new CheckCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // Apollo resolves the operation before this hook; without one it has refused the request.
          if (!operation) return;
          const verdict = checks.verdict(
            schema,
            document,
            operation,
            request.variables ?? {},
            request.operationName,
          );
          if (verdict.refusal) throw verdict.refusal();
          // Variables that do not coerce: Apollo rejects them next with BAD_USER_INPUT, before any
          // database work, so there is nothing to charge.
          if (verdict.cost === null) return;
          const cost = verdict.cost;
          if (!limiter) return;
          try {
            await limiter.consume(contextValue.clientKey, Math.max(1, cost));
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
            throw new GraphQLError(
              `Rate limit exceeded: this client may spend ${costPerMinute} cost points per minute; this query costs ${cost}. Retry after ${retryAfter} s.`,
              {
                extensions: {
                  code: "RATE_LIMITED",
                  retryAfterSeconds: retryAfter,
                  http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfter)]]) },
                },
              },
            );
          }
        },
      };
    },
  };
}

/** What the checks before execution decided: a refusal to throw, or the cost to charge. */
interface Verdict {
  /** Builds the error to throw (a fresh one per request: Apollo may annotate what it is given). */
  refusal: (() => GraphQLError) | null;
  /** null when the variables do not coerce (graphql-js refuses them itself). */
  cost: number | null;
}

/** Checked first, and never cached: only then is it safe to serialise the variables. */
function depthVerdict(document: DocumentNode, variables: Record<string, unknown>): Verdict | null {
  const depth = inputDepth(document, variables);
  if (depth > LIMITS.maxInputDepth) {
    return {
      cost: null,
      refusal: () =>
        new GraphQLError(
          `Arguments nested too deeply: ${depth} levels or more, the limit is ${LIMITS.maxInputDepth}`,
          {
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "maxInputDepth", http: { status: 400 } },
          },
        ),
    };
  }
  return null;
}

function argumentsAndCostVerdict(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): Verdict {
  const listProblem = checkListArguments(schema, document, variables);
  if (listProblem) {
    return {
      cost: null,
      refusal: () => new GraphQLError(listProblem.message, { extensions: listProblem.extensions }),
    };
  }
  let cost: number;
  try {
    cost = estimateCost(schema, document, variables, operationName);
  } catch {
    return { cost: null, refusal: null };
  }
  if (cost > LIMITS.maxCost) {
    return {
      cost,
      refusal: () =>
        new GraphQLError(`Query too costly: its estimated cost is ${cost}, the limit is ${LIMITS.maxCost}`, {
          extensions: {
            code: "GRAPHQL_VALIDATION_FAILED",
            limit: "maxCost",
            maxCost: LIMITS.maxCost,
            cost,
            http: { status: 400 },
          },
        }),
    };
  }
  return { cost, refusal: null };
}

/**
 * The checks depend only on the document, the operation and the variables, and Apollo hands the
 * same parsed document to every request with the same query text: remembering the verdict per
 * document and variables spares a widget's repeated request the three walks over its document.
 */
class CheckCache {
  private static readonly PER_DOCUMENT = 256;
  private static readonly MAX_KEY = 4096;
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Verdict>>();

  verdict(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    rawVariables: Record<string, unknown>,
    operationName: string | null | undefined,
  ): Verdict {
    // The request's own variables first: coercing (and serialising) a value nested thousands deep
    // would overflow the stack.
    const rawTooDeep = depthVerdict(document, rawVariables);
    if (rawTooDeep) return rawTooDeep;
    // Every other check reads the variables as execution will see them: coerced, with the
    // operation's own defaults filled in (`query($l: Int = 5000)` asks for 5000 items).
    const variables = effectiveVariables(schema, operation, rawVariables);
    // Variables that do not coerce: graphql-js refuses them itself with BAD_USER_INPUT before any
    // database work, naming the variable; nothing to check or charge here.
    if (variables === null) return { cost: null, refusal: null };
    const tooDeep = depthVerdict(document, variables);
    if (tooDeep) return tooDeep;
    let known = this.byDocument.get(document);
    if (!known) {
      known = new Map();
      this.byDocument.set(document, known);
    }
    const key = `${operationName ?? ""}\u0000${JSON.stringify(rawVariables)}`;
    // Large variables are checked every time rather than kept in memory.
    if (key.length > CheckCache.MAX_KEY)
      return argumentsAndCostVerdict(schema, document, variables, operationName ?? undefined);
    let verdict = known.get(key);
    if (!verdict) {
      verdict = argumentsAndCostVerdict(schema, document, variables, operationName ?? undefined);
      // A bound per document: variables vary without limit (a search box), documents hardly do.
      if (known.size >= CheckCache.PER_DOCUMENT) known.clear();
      known.set(key, verdict);
    }
    return verdict;
  }
}
