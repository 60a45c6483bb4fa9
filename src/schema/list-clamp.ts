/**
 * Every top-level list of the generated API returns at most LIST_SIZE items: a request without
 * `limit` (lists) or `first` (connections) gets that many, as if it had asked for them. Nested
 * lists are not clamped: the contract returns them whole (a role's skills), and the cost model
 * bounds how much of them a query may ask for. A request for more than LIST_SIZE is refused
 * before execution (src/limits/arguments.ts; the numbers are in src/limits/policy.ts).
 *
 * @neo4j/graphql builds its Cypher from the field nodes of `info` (not from `args`), so the clamp
 * rewrites the field node: it adds the missing argument as a literal.
 */
import { MapperKind, mapSchema } from "@graphql-tools/utils";
import {
  Kind,
  defaultFieldResolver,
  getNullableType,
  isListType,
  type ArgumentNode,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import { LIST_LIMITS } from "../limits/policy.js";

export const LIST_SIZE = LIST_LIMITS.maxItems;

export function clampTopLevelLists(schema: GraphQLSchema): GraphQLSchema {
  const queryType = schema.getQueryType();
  if (!queryType) return schema;
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (field, fieldName) => {
      const argumentName = isListType(getNullableType(field.type))
        ? "limit"
        : fieldName.endsWith("Connection")
          ? "first"
          : null;
      if (!argumentName || !field.args?.[argumentName]) return field;
      // Custom operations declare their own default limit; only the generated lists lack one.
      if (field.args[argumentName].defaultValue !== undefined) return field;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve(source, args: Record<string, unknown>, context, info) {
          if (args[argumentName] !== undefined && args[argumentName] !== null) {
            return resolve(source, args, context, info);
          }
          // A lookup by a list of ids returns at most one item per id: no clamp needed (the
          // node delegation of src/schema/career relies on this to fetch a whole batch at once).
          if (isIdList(args.where)) return resolve(source, args, context, info);
          const fieldNodes = info.fieldNodes.map((node) => withArgument(node, argumentName, LIST_SIZE));
          return resolve(source, { ...args, [argumentName]: LIST_SIZE }, context, { ...info, fieldNodes });
        },
      };
    },
  });
}

function isIdList(where: unknown): boolean {
  if (where === null || typeof where !== "object") return false;
  const id = (where as Record<string, unknown>).id;
  return id !== null && typeof id === "object" && Array.isArray((id as Record<string, unknown>).in);
}

function withArgument(node: FieldNode, name: string, value: number): FieldNode {
  const argument: ArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: name },
    value: { kind: Kind.INT, value: String(value) },
  };
  return {
    ...node,
    arguments: [...(node.arguments ?? []).filter((a) => a.name.value !== name), argument],
  };
}
