/**
 * Every bound a request must keep, in one place: the checks before execution (src/limits/),
 * the clamp of top-level lists (src/schema/list-clamp.ts), the custom resolvers and the seed's
 * ranking of related roles read their numbers here, and docs/limits.md describes them.
 */

/** The shape of a document (graphql-armor and graphql-js's parser). */
export const DOCUMENT_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  /** Nesting of input objects and lists in arguments and variables (e.g. NOT inside NOT in a filter). */
  maxInputDepth: 8,
  /** graphql-js stops validating after this many errors (its own default, made explicit). */
  maxValidationErrors: 100,
} as const;

/** The values of the arguments that size a query's work. */
export const LIST_LIMITS = {
  /** `limit` on every list field and `first` on every connection: 1..maxItems. */
  maxItems: 100,
  /** `offset` (and the offset a cursor stands for): 0..maxOffset. */
  maxOffset: 10_000,
  /** Operators, fields and list items in one `where` filter, counted through AND/OR/NOT. */
  maxFilterTerms: 200,
} as const;

/** An integer argument's allowed range. */
export interface IntBound {
  min: number;
  max: number;
}

/** Bounds of integer arguments by name, on every field that has them. */
export const INT_ARGUMENTS: Readonly<Record<string, IntBound>> = {
  limit: { min: 1, max: LIST_LIMITS.maxItems },
  first: { min: 1, max: LIST_LIMITS.maxItems },
  offset: { min: 0, max: LIST_LIMITS.maxOffset },
};

/** Bounds of integer arguments of one field ("Type.field" → argument → range). */
export const FIELD_INT_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, IntBound>>>> = {
  "Query.careerPaths": { maxSteps: { min: 1, max: 6 } },
};

/** Id-list arguments: 1..max distinct ids ("Type.field" → argument → max). */
export const ID_LIST_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  "Query.skillOverlap": { roleIds: 50 },
  "Query.rolesBySkills": { skillIds: 50 },
};

/** The longest search text of searchRoles, in characters. */
export const MAX_SEARCH_TEXT = 200;

/** The cost model (src/limits/cost.ts) and what it allows. */
export const COST_LIMITS = {
  /** The highest estimated cost of one operation (MAX_QUERY_COST overrides it). */
  maxCost: 1_000_000,
  /**
   * Cost of one relationship a filter walks: a filter step is cheaper than a value in the answer
   * (no object is built, nothing is serialised), but it is not free.
   */
  filterStepCost: 0.1,
  /** Items assumed for a list whose size the model cannot know (none in the schema today). */
  unknownListSize: LIST_LIMITS.maxItems,
} as const;

/** Base cost of the custom operations: their Cypher does more than a lookup. */
export const OPERATION_COST: Readonly<Record<string, number>> = {
  "Role.relatedRoles": 10,
  "Query.searchRoles": 10,
  "Query.careerPaths": 50,
  "Query.compareRoles": 10,
  "Query.skillOverlap": 20,
  "Query.rolesBySkills": 20,
};

/** The largest answer body the service sends, in bytes; past it the answer is an error. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
