import { pathToArray, relocatedError } from "@graphql-tools/utils";
import DataLoader from "dataloader";
import {
  execute,
  GraphQLError,
  Kind,
  locatedError,
  OperationTypeNode,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from "graphql";

/** The generated list queries that custom results delegate their node fields to. */
export type NodeList = "roles" | "skills" | "tools" | "sectors";

interface Entity {
  __id: string;
  [field: string]: unknown;
}

/**
 * Loads nodes by id with exactly the selection the client asked for, through @neo4j/graphql's
 * own generated query, so nested fields of a custom result (`role { skills { name } }`) work
 * like anywhere else. One loader per request, node list and selection: every item of a custom
 * list shares one database query.
 *
 * The selection is that of ALL the field nodes graphql-js merged into the field: colocated
 * fragments (`role { id } role { title }`, `...A ...B` in either order) give one field several
 * nodes, and the delegated query must answer every one of them. Concatenating their selections
 * is enough: the client's document already passed validation (OverlappingFieldsCanBeMerged), and
 * graphql-js merges the fields, expands fragments and applies `@include`/`@skip` when it runs the
 * delegated query with the client's variables.
 *
 * Why not `@graphql-tools/batch-delegate`: its loader cache keys on the print of
 * `info.fieldNodes[0]` alone (so two fields whose first node prints the same but whose other nodes
 * differ share one loader and one selection) and prints that node again for every item (1,225
 * times for a skillOverlap of 50 roles); and it would add its own executor beside graphql-js.
 */
export class NodeDelegator {
  private readonly loaders = new Map<string, DataLoader<string, Entity | Located>>();
  /**
   * The loader of each field seen: a custom list resolves the same field once per item (1,225
   * pairs of skillOverlap), and printing its selection each time dominated the request's CPU
   * time. graphql-js hands every item of a list the same `fieldNodes` array (it memoises the
   * collected subfields), and variables are the same for the whole request, so the array decides.
   */
  private readonly byFieldNodes = new Map<
    NodeList,
    WeakMap<readonly FieldNode[], DataLoader<string, Entity | Located>>
  >();

  constructor(private readonly context: object) {}

  private loader(list: NodeList, info: GraphQLResolveInfo): DataLoader<string, Entity | Located> {
    let seen = this.byFieldNodes.get(list);
    if (!seen) {
      seen = new WeakMap();
      this.byFieldNodes.set(list, seen);
    }
    const known = seen.get(info.fieldNodes);
    if (known) return known;
    const loader = this.loaderFor(list, mergedSelection(info), info);
    seen.set(info.fieldNodes, loader);
    return loader;
  }

  private loaderFor(
    list: NodeList,
    selection: SelectionSetNode,
    info: GraphQLResolveInfo,
  ): DataLoader<string, Entity | Located> {
    const { variables, printed, document } = planFor(list, selection, info);
    const key = `${list}\u0000${printed}\u0000${JSON.stringify(variables.map((v) => info.variableValues[v.variable.name.value]))}`;
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const result = await execute({
          schema: info.schema,
          document,
          variableValues: { ...info.variableValues, __ids: [...ids] },
          contextValue: this.context,
        });
        const rows = (result.data as { __result?: (Entity | null)[] | null } | null)?.__result ?? [];
        const byId = new Map<string, Entity>();
        for (const row of rows) if (row) byId.set(row.__id, row);
        // An error under `__result[i]` belongs to that row's node. Any other (the whole query
        // failed, or a non-null error nulled every row) belongs to every node. The client sees
        // each at its own path: the node's path plus the error's path below the node.
        const ownErrors = new Map<string, Located>();
        let general: Located | undefined;
        for (const error of result.errors ?? []) {
          const [top, index, ...below] = error.path ?? [];
          const row = typeof index === "number" ? rows[index] : undefined;
          if (top === "__result" && row) {
            if (!ownErrors.has(row.__id)) ownErrors.set(row.__id, new Located(error, below));
          } else {
            general ??= new Located(error, typeof index === "number" ? below : []);
          }
        }
        return ids.map(
          (id) =>
            ownErrors.get(id) ??
            byId.get(id) ??
            general ??
            new Located(new Error(`${list} has no node with id ${id}`), []),
        );
      });
      this.loaders.set(key, loader);
    }
    return loader;
  }

  /**
   * When only the id is asked for (the ends of 1,225 skillOverlap pairs, say) there is nothing to
   * fetch: the custom operation already checked that its ids exist. The answer is then synchronous,
   * which spares graphql-js a promise per item.
   */
  one(list: NodeList, info: GraphQLResolveInfo, id: string): Entity | Promise<Entity> {
    if (selectsOnlyId(info)) return { __id: id, id };
    return this.fetchOne(list, info, id);
  }

  many(list: NodeList, info: GraphQLResolveInfo, ids: readonly string[]): Entity[] | Promise<Entity[]> {
    if (ids.length === 0) return [];
    if (selectsOnlyId(info)) return ids.map((id) => ({ __id: id, id }));
    return this.fetchMany(list, info, ids);
  }

  private async fetchOne(list: NodeList, info: GraphQLResolveInfo, id: string): Promise<Entity> {
    const found = await this.loader(list, info).load(id);
    if (found instanceof Located) throw found.at(info, []);
    return found;
  }

  private async fetchMany(
    list: NodeList,
    info: GraphQLResolveInfo,
    ids: readonly string[],
  ): Promise<Entity[]> {
    const found = await this.loader(list, info).loadMany(ids);
    return found.map((entity, i) => {
      if (entity instanceof Located) throw entity.at(info, [i]);
      if (entity instanceof Error) throw entity;
      return entity;
    });
  }
}

/**
 * An error of the delegated query with the part of its path below the node (`["skills", 2,
 * "name"]`), so that it can be placed under the client's path of that node.
 */
class Located {
  constructor(
    readonly error: Error,
    readonly below: readonly (string | number)[],
  ) {}

  at(info: GraphQLResolveInfo, index: readonly number[]): GraphQLError {
    return relocatedError(
      this.error instanceof GraphQLError ? this.error : locatedError(this.error, info.fieldNodes),
      [...pathToArray(info.path), ...index, ...this.below],
    );
  }
}

/** What a delegated query takes from the client's document: built once per operation and selection. */
interface DelegatedPlan {
  /** The client's variable definitions the selection uses. */
  variables: VariableDefinitionNode[];
  /** The selection printed: with the variables' values, it tells which fields share a loader. */
  printed: string;
  document: DocumentNode;
}

/**
 * Apollo hands every request with the same query text the same parsed document, so a selection
 * node (and its operation, whose variables and fragments the plan takes) recurs from request to
 * request: printing it and building the delegated document once spares each request that work.
 * Keyed by operation first: a fragment's selection may serve two operations of one document with
 * variables of the same name and different types.
 */
const plans = new WeakMap<OperationDefinitionNode, WeakMap<SelectionSetNode, Map<NodeList, DelegatedPlan>>>();

function planFor(list: NodeList, selection: SelectionSetNode, info: GraphQLResolveInfo): DelegatedPlan {
  let bySelection = plans.get(info.operation);
  if (!bySelection) {
    bySelection = new WeakMap();
    plans.set(info.operation, bySelection);
  }
  let byList = bySelection.get(selection);
  if (!byList) {
    byList = new Map();
    bySelection.set(selection, byList);
  }
  let plan = byList.get(list);
  if (!plan) {
    const variables = usedVariables(selection, info);
    plan = {
      variables,
      printed: print(selection),
      document: delegatedDocument(list, selection, variables, usedFragments(selection, info)),
    };
    byList.set(list, plan);
  }
  return plan;
}

const mergedSelections = new WeakMap<readonly FieldNode[], SelectionSetNode>();

/** The selections of every field node of the field, as one selection set. */
function mergedSelection(info: GraphQLResolveInfo): SelectionSetNode {
  let merged = mergedSelections.get(info.fieldNodes);
  if (!merged) {
    const sets = info.fieldNodes.map((node) => node.selectionSet);
    if (sets.some((set) => !set))
      throw new Error(`${info.parentType.name}.${info.fieldName} has no selection`);
    merged =
      sets.length === 1
        ? (sets[0] as SelectionSetNode)
        : { kind: Kind.SELECTION_SET, selections: sets.flatMap((set) => set?.selections ?? []) };
    mergedSelections.set(info.fieldNodes, merged);
  }
  return merged;
}

function usedVariables(selection: SelectionSetNode, info: GraphQLResolveInfo): VariableDefinitionNode[] {
  const names = new Set<string>();
  const scan = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  scan(selection);
  for (const fragment of usedFragments(selection, info)) scan(fragment);
  return (info.operation.variableDefinitions ?? []).filter((d) => names.has(d.variable.name.value));
}

function usedFragments(selection: SelectionSetNode, info: GraphQLResolveInfo): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending = [selection as SelectionSetNode | FragmentDefinitionNode];
  while (pending.length > 0) {
    const node = pending.pop() as SelectionSetNode | FragmentDefinitionNode;
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = info.fragments[name];
        if (fragment && !found.has(name)) {
          found.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...found.values()];
}

function delegatedDocument(
  list: NodeList,
  selection: SelectionSetNode,
  variables: VariableDefinitionNode[],
  fragments: FragmentDefinitionNode[],
): DocumentNode {
  const ids: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: "__ids" } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: {
        kind: Kind.LIST_TYPE,
        type: {
          kind: Kind.NON_NULL_TYPE,
          type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "ID" } },
        },
      },
    },
  };
  const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: [ids, ...variables],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              alias: name("__result"),
              name: name(list),
              arguments: [
                {
                  kind: Kind.ARGUMENT,
                  name: name("where"),
                  value: {
                    kind: Kind.OBJECT,
                    fields: [
                      {
                        kind: Kind.OBJECT_FIELD,
                        name: name("id"),
                        value: {
                          kind: Kind.OBJECT,
                          fields: [
                            {
                              kind: Kind.OBJECT_FIELD,
                              name: name("in"),
                              value: { kind: Kind.VARIABLE, name: name("__ids") },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
              selectionSet: {
                kind: Kind.SELECTION_SET,
                selections: [
                  { kind: Kind.FIELD, alias: name("__id"), name: name("id") },
                  ...selection.selections,
                ],
              },
            },
          ],
        },
      },
      ...fragments,
    ],
  };
}

const onlyIdSelections = new WeakMap<readonly FieldNode[], boolean>();

/**
 * True when every node of the field selects nothing but `id` and `__typename` (aliases allowed,
 * no fragments or directives).
 */
function selectsOnlyId(info: GraphQLResolveInfo): boolean {
  let only = onlyIdSelections.get(info.fieldNodes);
  if (only === undefined) {
    only = info.fieldNodes.every(
      (node) =>
        node.selectionSet !== undefined &&
        node.selectionSet.selections.every(
          (s) =>
            s.kind === Kind.FIELD &&
            (s.name.value === "id" || s.name.value === "__typename") &&
            !s.directives?.length &&
            !s.arguments?.length,
        ),
    );
    onlyIdSelections.set(info.fieldNodes, only);
  }
  return only;
}
