import {
  GraphQLError,
  Kind,
  getNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** The aggregate types @neo4j/graphql generates (RoleAggregate, RoleAggregateNode, Count, …). */
const AGGREGATE_TYPE = /(Aggregate|AggregateNode|AggregateSelection)$|^Count(Connection)?$/;

/**
 * An aggregate selection, or a connection's `edges`, must ask for a value: @neo4j/graphql
 * translates one that selects only `__typename` into Cypher that returns nothing. For
 * `aggregate { node { __typename } }` the response then fails with a null in a non-null field; for
 * `edges { __typename }` it silently answers an empty list. Refused at validation with a clear message.
 */
export const aggregateSelectionRule: ValidationRule = (context: ValidationContext) => ({
  Field(node) {
    const type = context.getType();
    if (!type || !node.selectionSet) return;
    const named = getNamedType(type);
    const isEdges =
      node.name.value === "edges" && (context.getParentType()?.name.endsWith("Connection") ?? false);
    if (!AGGREGATE_TYPE.test(named.name) && !isEdges) return;
    if (selectsAValue(node.selectionSet, context)) return;
    context.reportError(
      new GraphQLError(
        `The ${isEdges ? "edges" : "aggregate"} selection "${node.alias?.value ?? node.name.value}" (${named.name}) must select at least one field besides __typename`,
        { nodes: [node] },
      ),
    );
  },
});

function selectsAValue(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  seen = new Set<string>(),
): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== "__typename") return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selectsAValue(selection.selectionSet, context, seen)) return true;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = context.getFragment(name);
      if (fragment && selectsAValue(fragment.selectionSet, context, seen)) return true;
    }
  }
  return false;
}
