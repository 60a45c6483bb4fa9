/**
 * The cost model: the most work an operation can cause, computed from the document, the effective
 * variables and the graph's measured fan-out (src/limits/fan-out.ts), before any database work.
 *
 * It counts what the answer can hold: every field of every object the answer can contain costs 1
 * (a custom operation its base cost, policy.ts). How many objects a list can hold:
 *  - a top-level list: its `limit`/`first` (the clamp applies 100 when none is given), or one per id
 *    of an `id: { eq }` / `id: { in }` filter;
 *  - a nested relationship list: per parent, its `limit` or the most neighbours any node has
 *    (max degree); in all, when the parents are distinct nodes, at most every relationship of the
 *    type (nested lists are not clamped: they come whole);
 *  - the custom results: by their arguments (`limit`, `maxSteps`; skillOverlap of n roles holds
 *    n roles and n(n-1)/2 pairs) and the fan-out of what they list (a role's skills at most).
 * Relationship filters (`where: { skills: { some: … } }`) cost the relationships they walk, times
 * COST_LIMITS.filterStepCost: every candidate (a top-level filter runs over the whole label before
 * `limit` applies) times the relationships of each step (the mean degree on the first step, the
 * 99th percentile below it, as a walk reaches the busier nodes).
 */
import {
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Direction, FanOut } from "./fan-out.js";
import { COST_LIMITS, LIST_LIMITS, OPERATION_COST } from "./policy.js";

/** A relationship field of the type definitions: `Role.skills` → REQUIRES_SKILL, OUT, Skill. */
export interface Relationship {
  type: string;
  direction: Direction;
  target: string;
}

/** Every `@relationship` field of the type definitions, by "Type.field". */
export function relationshipsOf(typeDefs: readonly string[]): Map<string, Relationship> {
  const found = new Map<string, Relationship>();
  for (const source of typeDefs) {
    for (const definition of parse(source).definitions) {
      if (
        definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
        definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
        definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
      ) {
        continue;
      }
      for (const field of definition.fields ?? []) {
        const directive = field.directives?.find((d) => d.name.value === "relationship");
        if (!directive) continue;
        const argument = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
        const type = argument("type");
        const direction = argument("direction");
        if (type?.kind !== Kind.STRING || direction?.kind !== Kind.ENUM) continue;
        let target = field.type;
        while (target.kind !== Kind.NAMED_TYPE) target = target.type;
        found.set(`${definition.name.value}.${field.name.value}`, {
          type: type.value,
          direction: direction.value === "IN" ? "IN" : "OUT",
          target: target.name.value,
        });
      }
    }
  }
  return found;
}

/** What a selection knows of its objects beyond how many there are. */
interface Scope {
  /** The objects are distinct nodes (a top-level list), so one hop reaches each relationship once. */
  distinct: boolean;
  /** Inside a connection: edges in all, and the rows its totalCount/aggregate count. */
  edges?: number;
  counted?: number;
  edgesDistinct?: boolean;
  /** The objects are a connection's edges: their `node` is one object each. */
  edge?: boolean;
  /** Arguments of the custom operation above (sizes of its nested results). */
  roles?: number;
  skillIds?: number;
  maxSteps?: number;
}

export interface CostBreakdown {
  /** The estimate: answer values plus filter work. */
  cost: number;
  /** Of which: relationships walked by filters, times the step cost. */
  filterCost: number;
}

const QUANTIFIERS = ["some", "all", "none", "single"] as const;

export class CostModel {
  constructor(
    private readonly relationships: ReadonlyMap<string, Relationship>,
    private readonly fanOut: FanOut,
  ) {}

  /**
   * The cost of `operation` with its effective `variables` (coerced, defaults included).
   * Throws when arguments do not coerce (graphql-js refuses them itself).
   */
  estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): CostBreakdown {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    }
    const root =
      operation.operation === "query"
        ? schema.getQueryType()
        : operation.operation === "mutation"
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (!root) return { cost: 0, filterCost: 0 };
    const walk = new Walk(this.relationships, this.fanOut, schema, fragments, variables);
    const cost = walk.selection(operation.selectionSet, root, 1, { distinct: true });
    return { cost: Math.ceil(cost), filterCost: Math.ceil(walk.filterCost) };
  }
}

class Walk {
  filterCost = 0;

  constructor(
    private readonly relationships: ReadonlyMap<string, Relationship>,
    private readonly fanOut: FanOut,
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  /** The cost of `count` objects of `type`, each answering `selectionSet`. */
  selection(selectionSet: SelectionSetNode, type: GraphQLCompositeType, count: number, scope: Scope): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        total += this.field(selection, type, count, scope);
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : this.fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition
          ? this.schema.getType(fragment.typeCondition.name.value)
          : type;
        // Overlapping selections are counted once each: an estimate from above.
        if (condition && isCompositeType(condition)) {
          total += this.selection(fragment.selectionSet, condition, count, scope);
        }
      }
    }
    return total;
  }

  private included(node: { directives?: readonly unknown[] | undefined }): boolean {
    const n = node as FieldNode;
    if (!n.directives?.length) return true;
    const skip = getDirectiveValues(GraphQLSkipDirective, n, this.variables);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, n, this.variables);
    return include?.if !== false;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, count: number, scope: Scope): number {
    const name = node.name.value;
    // Introspection (GraphiQL's schema query): the schema's size, not the graph's.
    if (name.startsWith("__") || parent.name.startsWith("__")) {
      const named = name === "__typename" ? null : this.fieldDef(parent, name);
      const type = named ? getNamedType(named.type) : null;
      return node.selectionSet && type && isCompositeType(type)
        ? count + this.selection(node.selectionSet, type, count, scope)
        : name === "__typename"
          ? 0
          : count;
    }
    const def = this.fieldDef(parent, name);
    if (!def) return 0;
    const args = getArgumentValues(def, node, this.variables);
    const key = `${parent.name}.${name}`;
    const base = count * (OPERATION_COST[key] ?? 1);
    const type = getNamedType(def.type);
    if (!node.selectionSet || !isCompositeType(type)) return base;

    // Inside a connection: edges, their nodes, counts and aggregates.
    if (scope.edge && name === "node") {
      return base + this.selection(node.selectionSet, type, count, { distinct: scope.distinct });
    }
    if (scope.edges !== undefined) {
      if (name === "edges") {
        const edgeScope: Scope = { distinct: scope.edgesDistinct ?? false, edge: true };
        return base + this.selection(node.selectionSet, type, scope.edges, edgeScope);
      }
      if (name === "aggregate") {
        return (
          base +
          this.filterStep((scope.counted ?? 0) * 1) +
          this.selection(node.selectionSet, type, count, { distinct: false })
        );
      }
    }

    const sized = this.size(parent, name, def, args, count, scope);
    return base + sized.filter + this.selection(node.selectionSet, type, sized.items, sized.scope);
  }

  private fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  /** How many objects the field holds for `count` parents, the filter work, and their scope. */
  private size(
    parent: GraphQLCompositeType,
    name: string,
    def: GraphQLField<unknown, unknown>,
    args: Record<string, unknown>,
    count: number,
    scope: Scope,
  ): { items: number; filter: number; scope: Scope } {
    const isList = isListType(getNullableType(def.type));
    const targetName = getNamedType(def.type).name;
    const isConnection = targetName.endsWith("Connection") && !isList;
    const requested = numberArg(args.limit) ?? numberArg(args.first);
    const lookup = idLookupSize(isConnection ? nodeWhere(args.where) : args.where);

    if (parent.name === this.schema.getQueryType()?.name) {
      const custom = this.customRoot(name, args);
      if (custom) return { items: custom.items, filter: 0, scope: custom.scope };
      const nodeLabel = this.labelOf(isConnection ? connectionNode(def) : targetName);
      const all = this.fanOut.nodeCount(nodeLabel);
      const candidates = lookup ?? all;
      const filter = this.filterStep(
        candidates * this.steps(isConnection ? nodeWhere(args.where) : args.where, nodeLabel, true),
      );
      const shown = Math.min(requested ?? LIST_LIMITS.maxItems, lookup ?? Infinity);
      if (isConnection) {
        return {
          items: count,
          filter,
          scope: { distinct: true, edges: shown * count, counted: candidates * count, edgesDistinct: true },
        };
      }
      return { items: isList ? shown * count : count, filter, scope: { distinct: true } };
    }

    const relationshipField = name.endsWith("Connection") ? name.slice(0, -"Connection".length) : name;
    const relationship = this.relationships.get(`${parent.name}.${relationshipField}`);
    if (relationship) {
      const degree = this.fanOut.degree(parent.name, relationship.type, relationship.direction);
      const reach = scope.distinct ? Math.min(count * degree.max, degree.total) : count * degree.max;
      const where = isConnection ? nodeWhere(args.where) : args.where;
      const filter =
        where === undefined ? 0 : this.filterStep(reach * this.steps(where, relationship.target, false));
      const perParent = Math.min(requested ?? Infinity, lookup ?? Infinity, degree.max);
      const shown = scope.distinct ? Math.min(count * perParent, degree.total) : count * perParent;
      if (isConnection) {
        return {
          items: count,
          filter,
          scope: { distinct: false, edges: shown, counted: reach, edgesDistinct: false },
        };
      }
      return { items: isList ? shown : count, filter, scope: { distinct: false } };
    }

    if (!isList) return { items: count, filter: 0, scope: inner(scope) };
    return {
      items: count * this.customList(`${parent.name}.${name}`, args, scope),
      filter: 0,
      scope: inner(scope),
    };
  }

  /** The custom top-level operations: their sizes come from their arguments. */
  private customRoot(name: string, args: Record<string, unknown>): { items: number; scope: Scope } | null {
    const limit = numberArg(args.limit) ?? LIST_LIMITS.maxItems;
    switch (name) {
      case "searchRoles":
        return { items: limit, scope: { distinct: false } };
      case "careerPaths":
        return { items: limit, scope: { distinct: false, maxSteps: numberArg(args.maxSteps) ?? 6 } };
      case "rolesBySkills":
        return { items: limit, scope: { distinct: false, skillIds: distinctCount(args.skillIds) } };
      case "skillOverlap":
        return { items: 1, scope: { distinct: false, roles: distinctCount(args.roleIds) } };
      case "compareRoles":
        return { items: 1, scope: { distinct: false } };
      default:
        return null;
    }
  }

  /** Items per parent of the custom results' lists. */
  private customList(key: string, args: Record<string, unknown>, scope: Scope): number {
    const skillsOfRole = this.fanOut.degree("Role", "REQUIRES_SKILL", "OUT").max;
    const toolsOfRole = this.fanOut.degree("Role", "USES_TOOL", "OUT").max;
    const roles = scope.roles ?? 0;
    const steps = scope.maxSteps ?? 6;
    switch (key) {
      case "Role.relatedRoles":
        return numberArg(args.limit) ?? LIST_LIMITS.maxItems;
      case "RelatedRole.sharedSkills":
      case "CareerMove.skillsToAcquire":
      case "RoleComparison.sharedSkills":
      case "RoleComparison.missingSkills":
      case "RoleComparison.extraSkills":
      case "SkillOverlap.commonToAll":
      case "SkillOverlapPair.sharedSkills":
        return skillsOfRole;
      case "RelatedRole.sharedTools":
      case "RoleComparison.sharedTools":
      case "RoleComparison.toolsToLearn":
        return toolsOfRole;
      case "RelatedRole.sharedSectors":
        return this.fanOut.degree("Role", "WORKS_IN", "OUT").max;
      case "CareerPath.roles":
        return steps + 1;
      case "CareerPath.moves":
        return steps;
      case "CareerPath.skillsToAcquire":
        return steps * skillsOfRole;
      case "SkillOverlap.roles":
        return roles;
      case "SkillOverlap.pairs":
        return (roles * (roles - 1)) / 2;
      case "RoleSkillMatch.matchedSkills":
        return scope.skillIds ?? 0;
      case "Source.contributions":
        return this.fanOut.relationshipTypes;
      default:
        return COST_LIMITS.unknownListSize;
    }
  }

  /** The label of a node type (the type definitions use the type's name). */
  private labelOf(typeName: string): string {
    return typeName;
  }

  /**
   * Relationships one candidate of `label` makes the filter walk: each relationship term
   * (`skills: { some: … }`, `skillsConnection`, `skillsAggregate`) walks the candidate's
   * relationships of that type, and for each, what its own filter walks.
   */
  private steps(where: unknown, label: string, firstLevelMean: boolean): number {
    if (where === null || typeof where !== "object") return 0;
    let steps = 0;
    for (const [key, value] of Object.entries(where)) {
      if (value === null || value === undefined) continue;
      if (key === "AND" || key === "OR") {
        for (const item of Array.isArray(value) ? value : [value])
          steps += this.steps(item, label, firstLevelMean);
        continue;
      }
      if (key === "NOT") {
        steps += this.steps(value, label, firstLevelMean);
        continue;
      }
      const field = key.replace(/(Connection|Aggregate)$/, "");
      const relationship = this.relationships.get(`${label}.${field}`);
      if (!relationship) continue;
      const degree = this.fanOut.degree(label, relationship.type, relationship.direction);
      const per = firstLevelMean ? degree.mean : degree.p99;
      if (key.endsWith("Aggregate")) {
        steps += per;
        continue;
      }
      const quantified = QUANTIFIERS.filter((q) => q in (value as object));
      const inners = quantified.length
        ? quantified.map((q) => (value as Record<string, unknown>)[q])
        : [value];
      for (const innerWhere of inners) {
        const nodeFilter = key.endsWith("Connection") ? nodeWhere(innerWhere) : innerWhere;
        steps += per * (1 + this.steps(nodeFilter, relationship.target, false));
      }
    }
    return steps;
  }

  private filterStep(relationships: number): number {
    const cost = relationships * COST_LIMITS.filterStepCost;
    this.filterCost += cost;
    return cost;
  }
}

/** The node type of a connection field (`rolesConnection` → Role). */
function connectionNode(def: GraphQLField<unknown, unknown>): string {
  const connection = getNamedType(def.type);
  const edges = isObjectType(connection) ? connection.getFields().edges : undefined;
  const edge = edges ? getNamedType(edges.type) : undefined;
  const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  return node ? getNamedType(node.type).name : connection.name;
}

/** What a custom operation's arguments tell the selections below it. */
function inner(scope: Scope): Scope {
  const kept: Scope = { distinct: false };
  if (scope.roles !== undefined) kept.roles = scope.roles;
  if (scope.skillIds !== undefined) kept.skillIds = scope.skillIds;
  if (scope.maxSteps !== undefined) kept.maxSteps = scope.maxSteps;
  return kept;
}

function numberArg(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? Math.max(0, value) : null;
}

function distinctCount(value: unknown): number {
  return Array.isArray(value) ? new Set(value).size : 0;
}

/** A connection filter's node part (`{ node: { … }, edge: { … } }`), or the filter itself. */
function nodeWhere(where: unknown): unknown {
  if (where === null || typeof where !== "object") return where;
  return "node" in where ? (where as { node: unknown }).node : where;
}

/** A filter on ids returns at most one item per id: `id: { eq }` one, `id: { in: [...] }` that many. */
function idLookupSize(where: unknown): number | null {
  if (where === null || typeof where !== "object") return null;
  const id = (where as { id?: unknown }).id;
  if (id === null || typeof id !== "object") return null;
  const { eq, in: list } = id as { eq?: unknown; in?: unknown };
  if (typeof eq === "string") return 1;
  return Array.isArray(list) ? new Set(list).size : null;
}
