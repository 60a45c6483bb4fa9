/**
 * The node delegation of custom results (src/schema/career/delegate.ts) over a small in-memory
 * schema: what it must do with several field nodes and with errors does not depend on the
 * database, and a resolver that fails on purpose is only possible here. The same behaviour
 * against Neo4j and real clients: tests/integration/issues/fragments.int.test.ts.
 */
import {
  defaultFieldResolver,
  execute,
  graphql,
  GraphQLError,
  parse,
  type DocumentNode,
  type GraphQLFieldResolver,
} from "graphql";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { describe, expect, it } from "vitest";
import { NodeDelegator } from "../../src/schema/career/delegate.js";

const ROLES = [
  { id: "a", title: "Role A" },
  { id: "b", title: "Role B" },
  { id: "c", title: "Role C" },
];

function schemaFor(calls: string[][]) {
  return makeExecutableSchema({
    typeDefs: /* GraphQL */ `
      type Role {
        id: ID!
        title: String!
        broken: String!
        fragile: String
      }
      input IdIn {
        in: [ID!]
      }
      input RoleWhere {
        id: IdIn
      }
      type Pair {
        a: Role!
        b: Role!
      }
      type Query {
        roles(where: RoleWhere): [Role!]!
        pairs: [Pair!]!
      }
    `,
    resolvers: {
      Query: {
        roles: (_: unknown, args: { where: { id: { in: string[] } } }) => {
          calls.push(args.where.id.in);
          // In the database's order, not the order asked: the delegation must map by id.
          return ROLES.filter((r) => args.where.id.in.includes(r.id)).reverse();
        },
        pairs: () => [
          { a: "a", b: "b" },
          { a: "a", b: "c" },
        ],
      },
      Role: {
        broken: (role: { id: string }) => {
          throw new GraphQLError(`broken ${role.id}`, { extensions: { code: "BAD_USER_INPUT" } });
        },
        fragile: (role: { id: string }) => {
          if (role.id === "c") throw new GraphQLError("fragile c");
          return `fine ${role.id}`;
        },
      },
      Pair: {
        a: (p: { a: string }, _: unknown, ctx: { nodes: NodeDelegator }, info) =>
          ctx.nodes.one("roles", info, p.a),
        b: (p: { b: string }, _: unknown, ctx: { nodes: NodeDelegator }, info) =>
          ctx.nodes.one("roles", info, p.b),
      },
    },
  });
}

/** Reads a value by its response key first, as @neo4j/graphql's resolvers do (its rows are aliased). */
const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  const key = info.path.key;
  if (source !== null && typeof source === "object" && typeof key === "string" && key in source)
    return (source as Record<string, unknown>)[key];
  return defaultFieldResolver(source, args, context, info);
};

async function run(source: string, variables: Record<string, unknown> = {}) {
  const calls: string[][] = [];
  const schema = schemaFor(calls);
  const context: { nodes?: NodeDelegator } = {};
  context.nodes = new NodeDelegator(context);
  const result = await graphql({
    schema,
    source,
    variableValues: variables,
    contextValue: context,
    fieldResolver: byResponseKey,
  });
  return {
    result: JSON.parse(JSON.stringify(result)) as {
      data?: unknown;
      errors?: { message: string; path?: unknown[] }[];
    },
    calls,
  };
}

/** Executes an already parsed document, as Apollo Server does with the documents it caches. */
async function runParsed(document: DocumentNode, operationName: string, variables: Record<string, unknown>) {
  const schema = schemaFor([]);
  const context: { nodes?: NodeDelegator } = {};
  context.nodes = new NodeDelegator(context);
  const result = await execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    contextValue: context,
    fieldResolver: byResponseKey,
  });
  return JSON.parse(JSON.stringify(result)) as { data?: unknown; errors?: unknown[] };
}

describe("Node delegation: selections", () => {
  it("answers each request on a reused parsed document with that request's variables", async () => {
    const document = parse(/* GraphQL */ `
      query First($yes: Boolean!) {
        pairs {
          a {
            ...F
          }
        }
      }
      query Second($yes: Boolean! = false) {
        pairs {
          b {
            ...F
          }
        }
      }
      fragment F on Role {
        id
        name: title @include(if: $yes)
      }
    `);
    const named = { pairs: [{ a: { id: "a", name: "Role A" } }, { a: { id: "a", name: "Role A" } }] };
    const bare = { pairs: [{ a: { id: "a" } }, { a: { id: "a" } }] };
    expect(await runParsed(document, "First", { yes: true })).toEqual({ data: named });
    expect(await runParsed(document, "First", { yes: false })).toEqual({ data: bare });
    expect(await runParsed(document, "First", { yes: true })).toEqual({ data: named });
    expect(await runParsed(document, "Second", {})).toEqual({
      data: { pairs: [{ b: { id: "b" } }, { b: { id: "c" } }] },
    });
    expect(await runParsed(document, "Second", { yes: true })).toEqual({
      data: { pairs: [{ b: { id: "b", name: "Role B" } }, { b: { id: "c", name: "Role C" } }] },
    });
  });

  it("answers every field node of a field, whatever the order of the fragments", async () => {
    for (const source of [
      "{ pairs { a { id } a { title } } }",
      "{ pairs { a { title } a { id } } }",
      "query { pairs { a { ...T ...I } } } fragment I on Role { id } fragment T on Role { title }",
      "query { pairs { a { ...I } a { ...T } } } fragment I on Role { id } fragment T on Role { title }",
    ]) {
      const { result } = await run(source);
      expect(result.errors, source).toBeUndefined();
      expect(result.data, source).toEqual({
        pairs: [{ a: { id: "a", title: "Role A" } }, { a: { id: "a", title: "Role A" } }],
      });
    }
  });

  it("applies @include and @skip with the client's variables, and keeps aliases", async () => {
    const { result } = await run(
      `query($yes: Boolean!) { pairs { a { id } a { name: title @include(if: $yes) gone: title @skip(if: $yes) } } }`,
      { yes: true },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      pairs: [{ a: { id: "a", name: "Role A" } }, { a: { id: "a", name: "Role A" } }],
    });
  });

  it("sends one query for every item and both fields that select the same", async () => {
    const { result, calls } = await run("{ pairs { a { id title } b { id title } } }");
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual([["a", "b", "c"]]);
  });
});

describe("Node delegation: errors", () => {
  it("puts an error of a delegated node under the client's path, aliases included", async () => {
    const { result } = await run("{ list: pairs { a { id } first: a { x: broken } } }");
    // graphql-js stops at the first error of a non-null list; which item comes first is its choice.
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) {
      expect(error.message).toBe("broken a");
      expect(error.path).toEqual(["list", expect.any(Number), "first", "x"]);
    }
    expect(result.data).toBeNull();
  });

  it("fails only the node whose nullable field failed, at its own path", async () => {
    const { result } = await run("{ pairs { b { id fragile } } }");
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([
      ["fragile c", ["pairs", 1, "b", "fragile"]],
    ]);
  });
});
