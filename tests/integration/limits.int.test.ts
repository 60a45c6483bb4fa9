/**
 * Query limits: refused before any database work, with a code and a message naming the limit;
 * generous enough for every example operation and the widget.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/http/limits.js";
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
      /Query too costly: its estimated cost is \d+, the limit is 100000/,
    );
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
  const helper = new TestHelper({ RATE_LIMIT_COST_PER_MINUTE: "100" });
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("answers 429 with Retry-After once a client has spent its cost budget", async () => {
    const query =
      '{ roles(where: { id: { eq: "chief-operating-officer" } }) { id missions { title } skills { name } } }';
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 20 && !statuses.includes(429); i++) {
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
    expect(body.errors[0]?.message).toMatch(/100 cost points per minute/);
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
