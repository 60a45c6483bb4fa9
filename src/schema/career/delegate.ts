import DataLoader from "dataloader";
import {
  execute,
  Kind,
  OperationTypeNode,
  print,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
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
 */
export class NodeDelegator {
  private readonly loaders = new Map<string, DataLoader<string, Entity | null>>();
  /**
   * The loader of each selection node already seen: a custom list resolves the same field node
   * once per item (1,225 pairs of skillOverlap), and printing its selection each time dominated
   * the request's CPU time. Variables are the same for the whole request, so the node decides.
   */
  private readonly bySelection = new Map<
    NodeList,
    WeakMap<SelectionSetNode, DataLoader<string, Entity | null>>
  >();

  constructor(private readonly context: object) {}

  loader(list: NodeList, info: GraphQLResolveInfo): DataLoader<string, Entity | null> {
    const selection = info.fieldNodes[0]?.selectionSet;
    if (!selection) throw new Error(`${info.parentType.name}.${info.fieldName} has no selection`);
    let seen = this.bySelection.get(list);
    if (!seen) {
      seen = new WeakMap();
      this.bySelection.set(list, seen);
    }
    const known = seen.get(selection);
    if (known) return known;
    const loader = this.loaderFor(list, selection, info);
    seen.set(selection, loader);
    return loader;
  }

  private loaderFor(
    list: NodeList,
    selection: SelectionSetNode,
    info: GraphQLResolveInfo,
  ): DataLoader<string, Entity | null> {
    const variables = usedVariables(selection, info);
    const key = `${list}\u0000${print(selection)}\u0000${JSON.stringify(variables.map((v) => info.variableValues[v.variable.name.value]))}`;
    let loader = this.loaders.get(key);
    if (!loader) {
      const document = delegatedDocument(list, selection, variables, usedFragments(selection, info));
      loader = new DataLoader(async (ids) => {
        const result = await execute({
          schema: info.schema,
          document,
          variableValues: { ...info.variableValues, __ids: [...ids] },
          contextValue: this.context,
        });
        if (result.errors?.length) throw result.errors[0];
        const rows = ((result.data as { __result?: Entity[] } | null)?.__result ?? []) as Entity[];
        const byId = new Map(rows.map((row) => [row.__id, row]));
        return ids.map((id) => byId.get(id) ?? null);
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
    if (!found) throw new Error(`${list} has no node with id ${id}`);
    return found;
  }

  private async fetchMany(
    list: NodeList,
    info: GraphQLResolveInfo,
    ids: readonly string[],
  ): Promise<Entity[]> {
    const found = await this.loader(list, info).loadMany(ids);
    return found.map((entity, i) => {
      if (!entity || entity instanceof Error)
        throw entity ?? new Error(`${list} has no node with id ${ids[i]}`);
      return entity;
    });
  }
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

const onlyIdSelections = new WeakMap<SelectionSetNode, boolean>();

/** True when the field's selection is nothing but `id` and `__typename` (aliases allowed, no fragments). */
function selectsOnlyId(info: GraphQLResolveInfo): boolean {
  if (info.fieldNodes.length !== 1) return false;
  const selection = info.fieldNodes[0]?.selectionSet;
  if (!selection) return false;
  let only = onlyIdSelections.get(selection);
  if (only === undefined) {
    only = selection.selections.every(
      (s) =>
        s.kind === Kind.FIELD &&
        (s.name.value === "id" || s.name.value === "__typename") &&
        !s.directives?.length &&
        !s.arguments?.length,
    );
    onlyIdSelections.set(selection, only);
  }
  return only;
}
