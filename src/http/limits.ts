import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  Kind,
  visit,
  type DocumentNode,
  type OperationDefinitionNode,
  type ValueNode,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { readTypeDefs } from "../schema/build-schema.js";
import { checkListArguments } from "../limits/arguments.js";
import { CostModel, relationshipsOf, type CostBreakdown } from "../limits/cost.js";
import type { FanOut } from "../limits/fan-out.js";
import { COST_LIMITS, DOCUMENT_LIMITS } from "../limits/policy.js";

/**
 * The checks before any database work, and the per-client rate limit: the numbers live in
 * src/limits/policy.ts, the argument bounds in src/limits/arguments.ts, the cost model in
 * src/limits/cost.ts; docs/limits.md describes them all.
 */
export const LIMITS = { ...DOCUMENT_LIMITS, maxCost: COST_LIMITS.maxCost } as const;

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
  return Math.max(deepest, argumentDepth(document));
}

/**
 * The document's part of inputDepth, once per document: Apollo hands every request with the same
 * query text the same parsed document, and walking it took about 1 % of the service's CPU.
 */
const argumentDepths = new WeakMap<DocumentNode, number>();

function argumentDepth(document: DocumentNode): number {
  const known = argumentDepths.get(document);
  if (known !== undefined) return known;
  let deepest = 0;
  const cap = LIMITS.maxInputDepth + 1;
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
  argumentDepths.set(document, deepest);
  return deepest;
}

/** The cost of an operation with its effective variables (coerced, defaults included). */
export function estimateCost(
  model: CostModel,
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): CostBreakdown {
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new Error("no operation to estimate");
  const effective = effectiveVariables(schema, operation, variables);
  if (!effective) throw new Error("the variables do not coerce");
  return model.estimate(schema, document, operation, effective);
}

/** The cost model over the type definitions' relationships and the graph's measured fan-out. */
export function createCostModel(fanOut: FanOut): CostModel {
  return new CostModel(relationshipsOf(readTypeDefs()), fanOut);
}

export interface LimitOptions {
  /** Cost a client may spend per minute; 0 turns the rate limit off. */
  costPerMinute: number;
  /** The highest estimated cost of one operation (config MAX_QUERY_COST). */
  maxCost: number;
  /** Prices the operations (createCostModel). */
  costModel: CostModel;
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
  validationOptions: { maxErrors: number };
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: armorLimit("maxDepth", "depth"),
    maxAliases: armorLimit("maxAliases", "aliases"),
    maxDirectives: armorLimit("maxDirectives", "directives"),
    // Tokens are limited by graphql-js's own parser (parseOptions below): armor's parser hook turns
    // every syntax error into an HTTP 500.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const plugins: ApolloServerPlugin<ClientIdentity>[] = [
    ...(armor.plugins as ApolloServerPlugin<ClientIdentity>[]),
  ];
  plugins.push(limitErrorsPlugin(), costPlugin(options));
  return {
    plugins,
    validationRules: armor.validationRules,
    validationOptions: { maxErrors: LIMITS.maxValidationErrors },
    parseOptions: { maxTokens: LIMITS.maxTokens },
  };
}

/** The extensions every refusal by a document limit carries: the code, the limit's name and figures. */
function limitExtensions(limit: string, figures: Record<string, number>): Record<string, unknown> {
  return { code: "GRAPHQL_VALIDATION_FAILED", limit, ...figures, http: { status: 400 } };
}

/**
 * A graphql-armor limit whose refusal carries its figures in `extensions` (`limit: "maxDepth"`,
 * `maxDepth: 10`, `depth: 12`) and not only in the message. graphql-armor builds a bare error with
 * the figures in its text: this reports a coded one, with the same message, in its place.
 */
function armorLimit(limit: "maxDepth" | "maxAliases" | "maxDirectives", measure: string) {
  const allowed = LIMITS[limit];
  return {
    n: allowed,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? Number.NaN);
        context?.reportError(
          new GraphQLError(error.message, {
            nodes: error.nodes,
            extensions: limitExtensions(limit, {
              [limit]: allowed,
              ...(Number.isFinite(found) ? { [measure]: found } : {}),
            }),
          }),
        );
      },
    ],
  };
}

/** graphql-js's last error when it stops validating after `maxErrors` errors. */
const TOO_MANY_ERRORS = "Too many validation errors, error limit reached. Validation aborted.";

/**
 * What a refused document answers. When it broke a document limit (depth, aliases, directives),
 * only those refusals: the errors that follow from breaking it — a directive repeated 150 times
 * is also 149 "can only be used once" errors — would bury the limit under graphql-js's bare
 * "Validation aborted.". Otherwise, that last error names the limit it stands for.
 */
function limitErrorsPlugin(): ApolloServerPlugin<ClientIdentity> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          // Apollo sends the array it hands to this hook: editing it in place edits the answer
          // (tests/integration/issues/15-validation-aborted.int.test.ts keeps that true).
          return async (errors?: readonly Error[]) => {
            if (!errors?.length) return;
            const list = errors as Error[];
            const refusals = list.filter(
              (error) =>
                typeof (error as { extensions?: { limit?: unknown } }).extensions?.limit === "string",
            );
            if (refusals.length > 0) {
              list.splice(0, list.length, ...refusals);
              return;
            }
            const last = list.length - 1;
            if (list[last]?.message === TOO_MANY_ERRORS) {
              const max = LIMITS.maxValidationErrors;
              list[last] = new GraphQLError(
                `Validation aborted: more than ${max} validation errors, the limit is ${max}. Correct the errors above and send the query again`,
                { extensions: limitExtensions("maxValidationErrors", { maxValidationErrors: max }) },
              );
            }
          };
        },
      };
    },
  };
}

/**
 * Estimates each operation's cost once its document is validated (the variables are known
 * then), refuses it when over the maximum, and charges it to the client's per-minute budget.
 * Both happen before any database work.
 */
function costPlugin(options: LimitOptions): ApolloServerPlugin<ClientIdentity> {
  const { costPerMinute } = options;
  const limiter = costPerMinute > 0 ? new RateLimiterMemory({ points: costPerMinute, duration: 60 }) : null;
  const checks = new CheckCache(options.costModel, options.maxCost);
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
  model: CostModel,
  maxCost: number,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Verdict {
  const listProblem = checkListArguments(schema, document, variables);
  if (listProblem) {
    return {
      cost: null,
      refusal: () => new GraphQLError(listProblem.message, { extensions: listProblem.extensions }),
    };
  }
  let estimate: CostBreakdown;
  try {
    estimate = model.estimate(schema, document, operation, variables);
  } catch {
    return { cost: null, refusal: null };
  }
  const { cost, filterCost } = estimate;
  if (cost > maxCost) {
    const filters = filterCost > 0 ? ` (${filterCost} of it for relationships its filters walk)` : "";
    return {
      cost,
      refusal: () =>
        new GraphQLError(
          `Query too costly: its estimated cost is ${cost}${filters}, the limit is ${maxCost}. Nested lists are priced by the most items they can hold in this graph; ask for fewer levels, a \`limit\` on nested lists, or narrower filters`,
          {
            extensions: {
              code: "GRAPHQL_VALIDATION_FAILED",
              limit: "maxCost",
              maxCost,
              cost,
              filterCost,
              http: { status: 400 },
            },
          },
        ),
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

  constructor(
    private readonly model: CostModel,
    private readonly maxCost: number,
  ) {}

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
      return argumentsAndCostVerdict(this.model, this.maxCost, schema, document, operation, variables);
    let verdict = known.get(key);
    if (!verdict) {
      verdict = argumentsAndCostVerdict(this.model, this.maxCost, schema, document, operation, variables);
      // A bound per document: variables vary without limit (a search box), documents hardly do.
      if (known.size >= CheckCache.PER_DOCUMENT) known.clear();
      known.set(key, verdict);
    }
    return verdict;
  }
}
