/**
 * Query limits: refused before any database work, with a code and a message naming the limit;
 * generous enough for every example operation and the widget.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/http/limits.js";
import { MAX_RESPONSE_BYTES } from "../../src/limits/policy.js";
import { readExamples } from "../../src/schema/examples.js";
import { TestHelper } from "../utils/test-helper.js";

const nested = (depth: number) =>
  `{ roles { ${"nextRoles { ".repeat(depth - 2)}id${" }".repeat(depth - 2)} } }`;
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: sources { id }`).join(" ")} }`;

describe("Query limits", () => {
  const helper = new TestHelper({}, { record: true });
  beforeAll(() => helper.start());
  beforeEach(() => {
    helper.queries.length = 0;
  });
  afterAll(() => helper.close());

  async function refused(query: string, code: string, message: RegExp) {
    const started = performance.now();
    const response = await helper.executeGraphQL(query);
    const millis = performance.now() - started;
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.errors?.map((e) => e.message).join("\n")).toMatch(message);
    expect(helper.queries, "no database query was made").toEqual([]);
    return millis;
  }

  it("lets every example operation through", async () => {
    for (const example of readExamples()) {
      const response = await helper.executeGraphQL(example.query, example.variables);
      expect(
        response.body.errors,
        `${example.file}: ${JSON.stringify(response.body.errors)}`,
      ).toBeUndefined();
    }
  });

  it(`refuses a query deeper than ${LIMITS.maxDepth} levels (depth 20) quickly and without touching the database`, async () => {
    const millis = await refused(nested(20), "GRAPHQL_VALIDATION_FAILED", /depth limit of 10 exceeded/i);
    expect(millis).toBeLessThan(2000);
  });

  it(`refuses more than ${LIMITS.maxAliases} aliases (500) without touching the database`, async () => {
    await refused(aliases(500), "GRAPHQL_PARSE_FAILED", /contains more th\w* 2000 tokens/);
    await refused(aliases(16), "GRAPHQL_VALIDATION_FAILED", /aliases limit of 15 exceeded/i);
  });

  it(`refuses more than ${LIMITS.maxDirectives} directives`, async () => {
    const directives = Array.from({ length: 11 }, () => "@include(if: true)").join(" ");
    await refused(
      `{ sources ${directives} { id } }`,
      "GRAPHQL_VALIDATION_FAILED",
      /directives limit of 10 exceeded/i,
    );
  });

  it(`refuses a query whose estimated cost is over ${LIMITS.maxCost}, saying its cost`, async () => {
    await refused(
      "{ roles(limit: 100) { skills(limit: 100) { roles(limit: 100) { id } } } }",
      "GRAPHQL_VALIDATION_FAILED",
      new RegExp(`Query too costly: its estimated cost is \\d+, the limit is ${LIMITS.maxCost}\\b`),
    );
  });

  describe("the cost model prices what a query can really return, from the graph's measured fan-out", () => {
    const degree = async (cypher: string) =>
      (await helper.executeCypher<{ n: number }>(cypher))[0]?.n ?? Number.NaN;

    it("the seed stored the graph's fan-out, and it matches the graph", async () => {
      const [row] = await helper.executeCypher<{ figures: string }>(
        'MATCH (s:DatasetStats {id: "fan-out"}) RETURN s.figures AS figures',
      );
      const figures = JSON.parse(row?.figures ?? "{}") as {
        relationships: { label: string; type: string; direction: string; max: number; total: number }[];
      };
      const find = (label: string, type: string, direction: string) =>
        figures.relationships.find((r) => r.label === label && r.type === type && r.direction === direction);
      expect(find("Role", "REQUIRES_SKILL", "OUT")?.max).toBe(
        await degree("MATCH (r:Role) RETURN max(COUNT { (r)-[:REQUIRES_SKILL]->() }) AS n"),
      );
      expect(find("Skill", "REQUIRES_SKILL", "IN")?.max).toBe(
        await degree("MATCH (s:Skill) RETURN max(COUNT { (s)<-[:REQUIRES_SKILL]-() }) AS n"),
      );
      expect(find("Role", "REQUIRES_SKILL", "OUT")?.total).toBe(
        await degree("MATCH ()-[r:REQUIRES_SKILL]->() RETURN count(r) AS n"),
      );
    });

    it.each([
      [
        "a role's skills' roles' skills (11 MB before)",
        '{ roles(where:{id:{eq:"financial-manager"}}){ skills{ roles{ skills{ id } } } } }',
      ],
      [
        "one level deeper",
        '{ roles(where:{id:{eq:"financial-manager"}}){ skills{ roles{ skills{ roles { id } } } } } }',
      ],
      [
        "a relationship filter three hops deep",
        '{ roles(limit:100, where:{skills:{single:{roles:{single:{skills:{single:{id:{eq:"manage-staff"}}}}}}}}){ id } }',
      ],
    ])("refuses %s before any database work, naming the limit and the figures", async (_name, query) => {
      const millis = await refused(
        query,
        "GRAPHQL_VALIDATION_FAILED",
        /Query too costly: its estimated cost is \d+/,
      );
      expect(millis).toBeLessThan(5000);
    });

    it("refuses skillOverlap of 50 roles whose 1,225 pairs list their roles' skills' roles", async () => {
      const ids = (
        await helper.executeCypher<{ id: string }>("MATCH (r:Role) RETURN r.id AS id ORDER BY id LIMIT 50")
      ).map((r) => r.id);
      expect(ids).toHaveLength(50);
      helper.queries.length = 0;
      const response = await helper.executeGraphQL(
        "query ($ids: [ID!]!) { skillOverlap(roleIds: $ids) { pairs { a { skills { roles { id } } } } } }",
        { ids },
      );
      expect(response.status).toBe(400);
      const error = response.body.errors?.[0];
      expect(error?.extensions).toMatchObject({
        code: "GRAPHQL_VALIDATION_FAILED",
        limit: "maxCost",
        maxCost: LIMITS.maxCost,
      });
      // At least one value per pair's role's skill's role: 1,225 pairs × the most skills a role has.
      const skillsOfRole = await degree(
        "MATCH (r:Role) RETURN max(COUNT { (r)-[:REQUIRES_SKILL]->() }) AS n",
      );
      expect(error?.extensions?.cost).toBeGreaterThanOrEqual(1225 * skillsOfRole);
      expect(helper.queries).toEqual([]);
    });

    it("prices a relationship filter by the relationships it walks, and says so", async () => {
      const response = await helper.executeGraphQL(
        '{ roles(limit:100, where:{skills:{single:{roles:{single:{skills:{single:{id:{eq:"manage-staff"}}}}}}}}){ id } }',
      );
      const extensions = response.body.errors?.[0]?.extensions ?? {};
      expect(extensions.filterCost).toBeGreaterThan(LIMITS.maxCost);
      expect(response.body.errors?.[0]?.message).toMatch(/of it for relationships its filters walk/);
    });

    it("still answers a role's whole skill list and a one-hop relationship filter", async () => {
      const skills = await degree(
        'MATCH (:Role {id: "financial-manager"})-[:REQUIRES_SKILL]->(s) RETURN count(s) AS n',
      );
      const whole = await helper.executeGraphQL<{ roles: { skills: unknown[] }[] }>(
        '{ roles(where:{id:{eq:"financial-manager"}}){ skills{ id name roles(limit: 3) { id } } } }',
      );
      expect(whole.body.errors).toBeUndefined();
      expect(whole.body.data?.roles[0]?.skills).toHaveLength(skills);
      const [popular] = await helper.executeCypher<{ id: string; n: number }>(
        "MATCH (r:Role)-[:REQUIRES_SKILL]->(s:Skill) WITH s, count(DISTINCT r) AS n ORDER BY n DESC, s.id LIMIT 1 RETURN s.id AS id, n",
      );
      const holders = popular?.n ?? Number.NaN;
      const filtered = await helper.executeGraphQL<{ roles: unknown[] }>(
        "query ($id: ID!) { roles(limit: 100, where:{skills:{some:{id:{eq:$id}}}}){ id } }",
        { id: popular?.id },
      );
      expect(filtered.body.errors).toBeUndefined();
      expect(filtered.body.data?.roles).toHaveLength(Math.min(100, holders));
    });
  });

  it("hides field suggestions from errors", async () => {
    const response = await helper.executeGraphQL("{ rolez { id } }");
    expect(response.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(response.body.errors?.[0]?.message).not.toContain("roles");
  });

  it("refuses batched (array) requests", async () => {
    const response = await fetch(`${helper.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ sources { id } }" }, { query: "{ sources { id } }" }]),
    });
    expect(response.status).toBe(400);
    expect(helper.queries).toEqual([]);
  });
});

describe("The per-client rate limit by cost", () => {
  const helper = new TestHelper({ RATE_LIMIT_COST_PER_MINUTE: "3000" });
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("answers 429 with Retry-After once a client has spent its cost budget", async () => {
    const query =
      '{ roles(where: { id: { eq: "chief-operating-officer" } }) { id missions { title } skills { name } } }';
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 400 && !statuses.includes(429); i++) {
      last = await fetch(`${helper.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      statuses.push(last.status);
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await last?.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("RATE_LIMITED");
    expect(body.errors[0]?.message).toMatch(/3000 cost points per minute/);
    expect(JSON.stringify(body)).not.toContain('"http"');
  });
});

describe("The rate limit behind a reverse proxy", () => {
  const query = '{ roles(where: { id: { eq: "chief-operating-officer" } }) { id missions { title } } }';
  const spend = async (url: string, forwardedFor: string): Promise<number> => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ query }),
    });
    await response.body?.cancel();
    return response.status;
  };
  /** Requests from one client until it is refused (at most 40). */
  const untilRefused = async (url: string, forwardedFor: string): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i++) statuses.push(await spend(url, forwardedFor));
    return statuses;
  };

  it("ignores X-Forwarded-For by default: a client cannot dodge its budget by claiming other addresses", async () => {
    const helper = new TestHelper({ RATE_LIMIT_COST_PER_MINUTE: "100" });
    try {
      await helper.start();
      const statuses: number[] = [];
      for (let i = 0; i < 40 && !statuses.includes(429); i++) {
        statuses.push(await spend(helper.url, `203.0.113.${i}`));
      }
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await helper.close();
    }
  });

  it("keys the budget on the forwarded client address when the proxy is trusted (TRUST_PROXY=loopback)", async () => {
    const helper = new TestHelper({ RATE_LIMIT_COST_PER_MINUTE: "100", TRUST_PROXY: "loopback" });
    try {
      await helper.start();
      const first = await untilRefused(helper.url, "203.0.113.7");
      expect(first.at(-1)).toBe(429);
      // Another client behind the same proxy still has its whole budget.
      expect(await spend(helper.url, "198.51.100.9")).toBe(200);
      expect(await spend(helper.url, "203.0.113.7")).toBe(429);
    } finally {
      await helper.close();
    }
  });
});

describe("The response size cap, behind the cost model", () => {
  // The cost model would refuse this query; with it raised, the answer (megabytes) meets the cap.
  const helper = new TestHelper({ MAX_QUERY_COST: "1000000000", QUERY_TIMEOUT_MS: "30000" });
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it(`answers RESPONSE_TOO_LARGE naming the limit instead of an answer over ${MAX_RESPONSE_BYTES} bytes`, async () => {
    const response = await helper.executeGraphQL(
      '{ roles(where:{id:{eq:"financial-manager"}}){ skills{ roles{ skills{ id } } } } }',
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: "RESPONSE_TOO_LARGE",
      maxBytes: MAX_RESPONSE_BYTES,
    });
    expect(response.body.errors?.[0]?.extensions?.bytes).toBeGreaterThan(MAX_RESPONSE_BYTES);
  });
});
