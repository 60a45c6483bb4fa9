/**
 * The bounds on list sizes, offsets and filter widths (src/limits/,
 * src/schema/list-clamp.ts), against the real service and Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIST_LIMITS } from "../../src/limits/policy.js";
import { TestHelper } from "../utils/test-helper.js";

describe("List sizes, offsets and filter widths", () => {
  const helper = new TestHelper({}, { record: true });
  let roleCount = 0;
  beforeAll(async () => {
    await helper.start();
    const [row] = await helper.executeCypher<{ n: number }>("MATCH (r:Role) RETURN count(r) AS n");
    roleCount = row?.n ?? 0;
  });
  afterAll(() => helper.close());

  const refusedBeforeTheDatabase = async (query: string, variables: Record<string, unknown> = {}) => {
    helper.queries.length = 0;
    const response = await helper.executeGraphQL(query, variables);
    expect(response.status).toBe(400);
    expect(helper.queries).toHaveLength(0);
    const [error] = response.body.errors ?? [];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    return error?.message ?? "";
  };

  it("clamps a top-level list asked for without a limit to 100 items", async () => {
    expect(roleCount).toBeGreaterThan(LIST_LIMITS.maxItems);
    const response = await helper.executeGraphQL<{ roles: { id: string }[] }>("{ roles { id } }");
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.roles).toHaveLength(LIST_LIMITS.maxItems);
  });

  it("clamps a top-level connection asked for without `first`, and still counts every item", async () => {
    const response = await helper.executeGraphQL<{
      rolesConnection: { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } };
    }>("{ rolesConnection { totalCount edges { node { id } } pageInfo { hasNextPage } } }");
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.rolesConnection.edges).toHaveLength(LIST_LIMITS.maxItems);
    expect(response.body.data?.rolesConnection.totalCount).toBe(roleCount);
    expect(response.body.data?.rolesConnection.pageInfo.hasNextPage).toBe(true);
  });

  it("pages through every role with limit and offset", async () => {
    const ids: string[] = [];
    for (let offset = 0; offset < roleCount; offset += LIST_LIMITS.maxItems) {
      const response = await helper.executeGraphQL<{ roles: { id: string }[] }>(
        "query ($offset: Int) { roles(limit: 100, offset: $offset, sort: [{ id: ASC }]) { id } }",
        { offset },
      );
      ids.push(...(response.body.data?.roles ?? []).map((r) => r.id));
    }
    expect(new Set(ids).size).toBe(roleCount);
  });

  it("does not clamp nested lists: a role's skills come whole", async () => {
    const [row] = await helper.executeCypher<{ id: string; n: number }>(
      "MATCH (r:Role)-[:REQUIRES_SKILL]->(s) WITH r, count(s) AS n ORDER BY n DESC, r.id LIMIT 1 RETURN r.id AS id, n",
    );
    expect(row?.n).toBeGreaterThan(LIST_LIMITS.maxItems);
    const response = await helper.executeGraphQL<{ roles: { skills: unknown[] }[] }>(
      "query ($id: ID!) { roles(where: { id: { eq: $id } }) { skills { id } } }",
      { id: row?.id },
    );
    expect(response.body.data?.roles[0]?.skills).toHaveLength(row?.n ?? -1);
  });

  it("returns every role of an id list longer than 100 (one item per id at most)", async () => {
    const rows = await helper.executeCypher<{ id: string }>(
      "MATCH (r:Role) RETURN r.id AS id ORDER BY id LIMIT 150",
    );
    const response = await helper.executeGraphQL<{ roles: { id: string }[] }>(
      "query ($ids: [ID!]) { roles(where: { id: { in: $ids } }) { id } }",
      { ids: rows.map((r) => r.id) },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.roles).toHaveLength(150);
  });

  it.each([
    [
      "limit 101",
      "{ roles(limit: 101) { id } }",
      {},
      /"limit" of Query\.roles must be an integer between 1 and 100; got 101/,
    ],
    [
      "a negative limit",
      "{ skills(limit: -1) { id } }",
      {},
      /"limit" of Query\.skills .* between 1 and 100; got -1/,
    ],
    [
      "a negative offset",
      "query ($o: Int) { roles(offset: $o) { id } }",
      { o: -5 },
      /"offset" of Query\.roles .* between 0 and 10000; got -5/,
    ],
    [
      "first 500 on a connection",
      "{ rolesConnection(first: 500) { totalCount } }",
      {},
      /"first" of Query\.rolesConnection .* 1 and 100; got 500/,
    ],
    [
      "limit 1000 on a nested list",
      "{ roles(limit: 1) { skills(limit: 1000) { id } } }",
      {},
      /"limit" of Role\.skills .* 1 and 100; got 1000/,
    ],
    [
      "limit 0 on a custom operation",
      '{ searchRoles(text: "manager", limit: 0) { score } }',
      {},
      /"limit" of Query\.searchRoles .* 1 and 100; got 0/,
    ],
  ])(
    "refuses %s before any database work, naming the argument and the range",
    async (_name, query, variables, message) => {
      expect(await refusedBeforeTheDatabase(query, variables)).toMatch(message);
    },
  );

  describe("a variable's own default obeys the same bounds as a value sent with the request", () => {
    const nestedNot = (levels: number) =>
      `${"{ NOT: ".repeat(levels - 1)}{ id: { eq: "x" } }${" }".repeat(levels - 1)}`;
    it.each([
      [
        "limit 5000 as a default",
        "query ($l: Int = 5000) { skills(limit: $l) { id } }",
        "BAD_USER_INPUT",
        /"limit" of Query\.skills must be an integer between 1 and 100; got 5000/,
      ],
      [
        "first 5000 as a default",
        "query ($f: Int = 5000) { skillsConnection(first: $f) { edges { node { id } } } }",
        "BAD_USER_INPUT",
        /"first" of Query\.skillsConnection must be an integer between 1 and 100; got 5000/,
      ],
      [
        "a negative offset as a default",
        "query ($o: Int = -5) { skills(offset: $o, limit: 2) { id } }",
        "BAD_USER_INPUT",
        /"offset" of Query\.skills must be an integer between 0 and 10000; got -5/,
      ],
      [
        "a forged cursor as a default",
        'query ($a: String = "YXJyYXljb25uZWN0aW9uOi01") { rolesConnection(first: 3, after: $a) { totalCount } }',
        "BAD_USER_INPUT",
        /"after" of Query\.rolesConnection is not a cursor of this API/,
      ],
      [
        "a RoleWhere nested 12 levels as a default",
        `query ($w: RoleWhere = ${nestedNot(12)}) { roles(where: $w) { id } }`,
        "GRAPHQL_VALIDATION_FAILED",
        /Arguments nested too deeply: \d+ levels or more, the limit is 8/,
      ],
      [
        "an `in` list of 300 ids as a default",
        `query ($w: RoleWhere = { id: { in: [${Array.from({ length: 300 }, (_, i) => `"role-${i}"`).join(", ")}] } }) { roles(where: $w) { id } }`,
        "BAD_USER_INPUT",
        /"where" of Query\.roles is too wide: more than 200 terms/,
      ],
    ])("refuses %s with a coded 400 before any database work", async (_name, query, code, message) => {
      helper.queries.length = 0;
      const started = performance.now();
      const response = await helper.executeGraphQL(query);
      expect(response.status).toBe(400);
      expect(helper.queries).toHaveLength(0);
      expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(response.body.errors?.[0]?.message).toMatch(message);
      // Generous: a loaded 2-core machine; refused queries take milliseconds.
      expect(performance.now() - started).toBeLessThan(5000);
    });

    it("a default within the bounds is used as given", async () => {
      const response = await helper.executeGraphQL<{ skills: unknown[] }>(
        "query ($l: Int = 7) { skills(limit: $l) { id } }",
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.skills).toHaveLength(7);
    });
  });

  it("judges the same document again for other variables (the checks are remembered per document and variables)", async () => {
    const query = "query ($n: Int) { roles(limit: $n) { id } }";
    for (const [n, status] of [
      [5, 200],
      [500, 400],
      [5, 200],
      [500, 400],
    ] as const) {
      const response = await helper.executeGraphQL<{ roles: unknown[] }>(query, { n });
      expect(response.status, `limit ${n}`).toBe(status);
      if (status === 200) expect(response.body.data?.roles).toHaveLength(n);
      else expect(response.body.errors?.[0]?.message).toMatch(/got 500/);
    }
  });

  it("pages a connection with the cursor it returned", async () => {
    type Page = { rolesConnection: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string } } };
    const query =
      "query ($after: String) { rolesConnection(first: 3, after: $after, sort: [{ id: ASC }]) { edges { node { id } } pageInfo { endCursor } } }";
    const first = await helper.executeGraphQL<Page>(query, {});
    const cursor = first.body.data?.rolesConnection.pageInfo.endCursor;
    const second = await helper.executeGraphQL<Page>(query, { after: cursor });
    expect(second.body.errors).toBeUndefined();
    const rows = await helper.executeCypher<{ id: string }>(
      "MATCH (r:Role) RETURN r.id AS id ORDER BY id SKIP 3 LIMIT 3",
    );
    expect(second.body.data?.rolesConnection.edges.map((e) => e.node.id)).toEqual(rows.map((r) => r.id));
  });

  it.each([
    ["a made-up string", "not-a-cursor"],
    ["a cursor for a negative offset", Buffer.from("arrayconnection:-5").toString("base64")],
    ["a cursor past the offset bound", Buffer.from("arrayconnection:99999999").toString("base64")],
  ])("refuses %s as `after` before any database work", async (_name, after) => {
    const message = await refusedBeforeTheDatabase(
      "query ($after: String) { rolesConnection(first: 3, after: $after) { totalCount } }",
      { after },
    );
    expect(message).toMatch(/"after" of Query\.rolesConnection is not a cursor of this API/);
  });

  it(`refuses a filter wider than ${LIST_LIMITS.maxFilterTerms} terms before any database work`, async () => {
    const wide = { OR: Array.from({ length: 2500 }, (_, i) => ({ title: { contains: `x${i}` } })) };
    const message = await refusedBeforeTheDatabase("query ($w: RoleWhere) { roles(where: $w) { id } }", {
      w: wide,
    });
    expect(message).toMatch(/"where" of Query\.roles is too wide: more than 200 terms/);
  });

  it("accepts a filter within the bound and answers it", async () => {
    const where = { OR: Array.from({ length: 60 }, (_, i) => ({ title: { contains: `manager ${i}` } })) };
    where.OR.push({ title: { contains: "Chief Operating Officer" } });
    const response = await helper.executeGraphQL<{ roles: { id: string }[] }>(
      "query ($w: RoleWhere) { roles(where: $w) { id } }",
      { w: where },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.roles.map((r) => r.id)).toContain("chief-operating-officer");
  });
});

describe("Aggregate and edges selections", () => {
  const helper = new TestHelper({}, { record: true });
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it.each([
    ["only __typename in an aggregate node", "{ rolesConnection { aggregate { node { __typename } } } }"],
    ["only __typename in a connection's edges", "{ rolesConnection(first: 2) { edges { __typename } } }"],
    [
      "only __typename in nested edges",
      "{ roles(limit: 1) { skillsConnection(first: 2) { edges { __typename } } } }",
    ],
    [
      "only __typename through a fragment",
      "{ rolesConnection { aggregate { node { ... on RoleAggregateNode { __typename } } } } }",
    ],
  ])("refuses %s at validation instead of failing inside", async (_name, query) => {
    helper.queries.length = 0;
    const response = await helper.executeGraphQL(query);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(response.body.errors?.[0]?.message).toMatch(/must select at least one field besides __typename/);
    expect(helper.queries).toHaveLength(0);
  });

  it("answers edges that select a cursor, with __typename beside it", async () => {
    const response = await helper.executeGraphQL<{
      rolesConnection: { edges: { __typename: string; cursor: string }[] };
    }>("{ rolesConnection(first: 2) { edges { __typename cursor } } }");
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.rolesConnection.edges).toHaveLength(2);
  });

  it("answers an aggregate that selects a value, with __typename beside it", async () => {
    const [row] = await helper.executeCypher<{ n: number }>("MATCH (r:Role) RETURN count(r) AS n");
    const response = await helper.executeGraphQL<{
      rolesConnection: { aggregate: { count: { nodes: number }; node: { __typename: string } } };
    }>("{ rolesConnection { aggregate { count { nodes } node { __typename title { shortest } } } } }");
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.rolesConnection.aggregate.count.nodes).toBe(row?.n);
    expect(response.body.data?.rolesConnection.aggregate.node.__typename).toBe("RoleAggregateNode");
  });
});
