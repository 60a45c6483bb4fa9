/**
 * Hostile input over real HTTP against the real service and Neo4j: whatever a client sends, the
 * answer is a 4xx or a GraphQL error with `extensions.code`, never a 500, never a stack trace,
 * Cypher, database error or connection URI (docs/design.md, "Errors"), and the graph does not change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  errorCodes,
  expectRefused,
  expectSafeAnswer,
  postJson,
  probe,
  type ProbeRequest,
} from "../utils/hostile-http.js";
import { COO, KNOWN_SKILL_IDS } from "../utils/known-ids.js";
import { TestHelper } from "../utils/test-helper.js";

const helper = new TestHelper();
let countsBefore: Awaited<ReturnType<TestHelper["graphCounts"]>>;

beforeAll(async () => {
  await helper.start();
  countsBefore = await helper.graphCounts();
});
afterAll(() => helper.close());

const JSON_TYPE = { "content-type": "application/json" };
const PREFLIGHT = { "apollo-require-preflight": "true" };
const json = (value: unknown) => JSON.stringify(value);

/** A 4xx whose errors all carry one of `codes` (any code when `codes` is empty). */
function expectClientError(
  response: Awaited<ReturnType<typeof probe>>,
  codes: readonly string[],
  sent?: unknown,
) {
  expect(response.status, response.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
  expectRefused(response, codes, sent);
}

describe("Hostile input: malformed request bodies", () => {
  const cases: [string, ProbeRequest, number, string[]][] = [
    ["truncated JSON", { headers: JSON_TYPE, body: '{"query": "{ roles { id } }"' }, 400, ["BAD_REQUEST"]],
    ["not JSON at all", { headers: JSON_TYPE, body: "query { roles { id } }" }, 400, ["BAD_REQUEST"]],
    [
      "invalid UTF-8 bytes in JSON",
      { headers: JSON_TYPE, body: new Blob([Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d])]) },
      400,
      [],
    ],
    ["a JSON null", { headers: JSON_TYPE, body: "null" }, 400, ["BAD_REQUEST"]],
    ["a JSON string", { headers: JSON_TYPE, body: '"{ roles { id } }"' }, 400, ["BAD_REQUEST"]],
    ["a JSON number", { headers: JSON_TYPE, body: "42" }, 400, ["BAD_REQUEST"]],
    ["an empty body", { headers: JSON_TYPE, body: "" }, 400, ["BAD_REQUEST"]],
    [
      "a batch (batching is off)",
      { headers: JSON_TYPE, body: json([{ query: "{ __typename }" }, { query: "{ __typename }" }]) },
      400,
      ["BAD_REQUEST"],
    ],
    ["no query: {}", { headers: JSON_TYPE, body: "{}" }, 400, ["BAD_REQUEST"]],
    [
      "no query: variables only",
      { headers: JSON_TYPE, body: json({ variables: { id: COO } }) },
      400,
      ["BAD_REQUEST"],
    ],
    ["query: null", { headers: JSON_TYPE, body: json({ query: null }) }, 400, ["BAD_REQUEST"]],
    ["query: empty string", { headers: JSON_TYPE, body: json({ query: "" }) }, 400, ["BAD_REQUEST"]],
    ["query: a number", { headers: JSON_TYPE, body: json({ query: 5 }) }, 400, ["BAD_REQUEST"]],
    [
      "query: an object",
      { headers: JSON_TYPE, body: json({ query: { roles: "id" } }) },
      400,
      ["BAD_REQUEST"],
    ],
    [
      "variables: a JSON-encoded string",
      { headers: JSON_TYPE, body: json({ query: "{ __typename }", variables: '{"a":1}' }) },
      400,
      ["BAD_REQUEST"],
    ],
    [
      "variables: an array",
      { headers: JSON_TYPE, body: json({ query: "{ __typename }", variables: [1] }) },
      400,
      ["BAD_REQUEST"],
    ],
    [
      "operationName: a number",
      { headers: JSON_TYPE, body: json({ query: "{ __typename }", operationName: 5 }) },
      400,
      ["BAD_REQUEST"],
    ],
    [
      "extensions: a number",
      { headers: JSON_TYPE, body: json({ query: "{ __typename }", extensions: 5 }) },
      400,
      ["BAD_REQUEST"],
    ],
    [
      "an unknown operationName",
      { headers: JSON_TYPE, body: json({ query: "query A { __typename }", operationName: "B" }) },
      400,
      ["OPERATION_RESOLUTION_FAILURE"],
    ],
    [
      "two operations, no operationName",
      { headers: JSON_TYPE, body: json({ query: "query A { __typename } query B { __typename }" }) },
      400,
      ["OPERATION_RESOLUTION_FAILURE"],
    ],
    [
      "a persisted-query hash that was never registered",
      {
        headers: JSON_TYPE,
        body: json({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
      },
      // Apollo's persisted-query protocol answers 200, so that clients retry with the query.
      200,
      ["PERSISTED_QUERY_NOT_FOUND"],
    ],
  ];

  it.each(cases)("%s is refused with the right status and code", async (_name, request, status, codes) => {
    const response = await probe(helper.url, request);
    expect(response.status, response.text).toBe(status);
    expectRefused(response, codes);
  });
});

describe("Hostile input: GraphQL syntax errors, unknown fields and wrong variable types", () => {
  const syntax = [
    "{ roles { id ",
    "}}}",
    "query",
    '{ roles(where: { title: { contains: "unterminated } }) { id } }',
    "{ roles { id } } garbage",
    '{ searchRoles(text: "\\ud800") { score } }',
    `{ ${"roles { ".repeat(5000)}id${" }".repeat(5001)}`,
  ];
  it.each(syntax.map((query) => [query.slice(0, 60), query]))(
    "a syntax error (%s) is refused with a code",
    async (_label, query) => {
      expectClientError(await postJson(helper.url, query), [
        "GRAPHQL_PARSE_FAILED",
        "BAD_REQUEST",
        "GRAPHQL_VALIDATION_FAILED",
        "BAD_USER_INPUT",
      ]);
    },
  );

  const unknown = [
    "{ roles { salary } }",
    "{ nope }",
    "{ roles(nope: 1) { id } }",
    "{ roles(where: { nope: { eq: 1 } }) { id } }",
    '{ searchRoles(text: "coo") { role { nope } } }',
    '{ careerPaths(from: "a") { steps } }',
    "query($x: Nope) { roles { id } }",
    "{ roles { id ...F } }",
    "fragment F on Nope { id } { roles { id ...F } }",
    "{ roles { id(x: 1) } }",
    "{ roles @nope { id } }",
    "subscription { roles { id } }",
  ];
  it.each(unknown)(
    "an unknown or invalid selection (%s) is refused with GRAPHQL_VALIDATION_FAILED",
    async (query) => {
      expectClientError(await postJson(helper.url, query), ["GRAPHQL_VALIDATION_FAILED"]);
    },
  );

  const wrongTypes: [string, string, Record<string, unknown>][] = [
    ["a string for Int", 'query($l: Int) { searchRoles(text: "coo", limit: $l) { score } }', { l: "ten" }],
    ["a float for Int", 'query($l: Int) { searchRoles(text: "coo", limit: $l) { score } }', { l: 1.5 }],
    ["2^31 for Int", 'query($l: Int) { searchRoles(text: "coo", limit: $l) { score } }', { l: 2 ** 31 }],
    ["-2^53 for Int", "query($l: Int) { roles(limit: $l) { id } }", { l: -(2 ** 53) }],
    ["a boolean for Int", "query($l: Int) { roles(limit: $l) { id } }", { l: true }],
    ["a number for String!", "query($t: String!) { searchRoles(text: $t) { score } }", { t: 5 }],
    ["an object for String!", "query($t: String!) { searchRoles(text: $t) { score } }", { t: { $ne: "" } }],
    ["a list for String!", "query($t: String!) { searchRoles(text: $t) { score } }", { t: ["coo"] }],
    ["null for String!", "query($t: String!) { searchRoles(text: $t) { score } }", { t: null }],
    ["a missing non-null variable", "query($t: String!) { searchRoles(text: $t) { score } }", {}],
    [
      "an object for ID!",
      "query($f: ID!) { compareRoles(from: $f, to: $f) { jaccard } }",
      { f: { id: COO } },
    ],
    ["a boolean for ID!", "query($f: ID!) { compareRoles(from: $f, to: $f) { jaccard } }", { f: false }],
    ["a float for ID!", "query($f: ID!) { compareRoles(from: $f, to: $f) { jaccard } }", { f: 1.5 }],
    [
      "a null item in [ID!]!",
      "query($r: [ID!]!) { skillOverlap(roleIds: $r) { commonToAll { id } } }",
      { r: [COO, null] },
    ],
    [
      "an object in [ID!]!",
      "query($r: [ID!]!) { skillOverlap(roleIds: $r) { commonToAll { id } } }",
      { r: [{}] },
    ],
    [
      "an unknown enum value",
      'query($m: SkillMatch) { rolesBySkills(skillIds: ["manage-staff"], match: $m) { coverage } }',
      { m: "SOME" },
    ],
    [
      "an enum value as a number",
      'query($m: SkillMatch) { rolesBySkills(skillIds: ["manage-staff"], match: $m) { coverage } }',
      { m: 1 },
    ],
    [
      "an unknown field in an input object",
      "query($w: RoleWhere) { roles(where: $w) { id } }",
      { w: { salary: { gt: 1 } } },
    ],
    [
      "a string for an input object",
      "query($w: RoleWhere) { roles(where: $w) { id } }",
      { w: "MATCH (n) RETURN n" },
    ],
  ];
  it.each(wrongTypes)(
    "a variable of the wrong type (%s) is refused with a 400 BAD_USER_INPUT",
    async (_name, query, variables) => {
      const response = await postJson(helper.url, query, variables);
      expect(response.status, response.text.slice(0, 300)).toBe(400);
      expectRefused(response, ["BAD_USER_INPUT"], variables);
    },
  );

  it("a list nested 40,000 deep in a String! variable is refused with a 400 naming the input depth limit", async () => {
    const query = json("query($t: String!) { searchRoles(text: $t) { score } }");
    const body = `{"query":${query},"variables":{"t":${"[".repeat(40_000)}${"]".repeat(40_000)}}}`;
    const response = await probe(helper.url, { headers: JSON_TYPE, body });
    expect(response.status, response.text.slice(0, 300)).toBe(400);
    expectRefused(response, ["GRAPHQL_VALIDATION_FAILED"]);
    expect(response.text).toMatch(/nested too deeply/);
  });

  it("a literal of the wrong type is refused with GRAPHQL_VALIDATION_FAILED", async () => {
    for (const query of [
      "{ searchRoles(text: 5) { score } }",
      '{ searchRoles(text: "coo", limit: "5") { score } }',
      '{ searchRoles(text: "coo", limit: 99999999999) { score } }',
      '{ rolesBySkills(skillIds: ["manage-staff"], match: SOME) { coverage } }',
      '{ careerPaths(from: null, to: "coo") { steps } }',
    ]) {
      expectClientError(await postJson(helper.url, query), ["GRAPHQL_VALIDATION_FAILED"]);
    }
  });
});

describe("Hostile input: content types and methods", () => {
  const body = json({ query: "{ __typename }" });
  const form = () => {
    const data = new FormData();
    data.set("query", "{ __typename }");
    return data;
  };
  const cases: [string, ProbeRequest][] = [
    ["text/plain (a CSRF-simple request)", { headers: { "content-type": "text/plain" }, body }],
    ["application/x-www-form-urlencoded", { body: new URLSearchParams({ query: "{ __typename }" }) }],
    ["multipart/form-data", { body: form() }],
    ["text/plain with a preflight header", { headers: { "content-type": "text/plain", ...PREFLIGHT }, body }],
    [
      "form-urlencoded with a preflight header",
      { headers: PREFLIGHT, body: new URLSearchParams({ query: "{ __typename }" }) },
    ],
    ["multipart with a preflight header", { headers: PREFLIGHT, body: form() }],
    ["application/graphql", { headers: { "content-type": "application/graphql" }, body: "{ __typename }" }],
    [
      "application/xml",
      { headers: { "content-type": "application/xml" }, body: "<query>{ __typename }</query>" },
    ],
    ["no content type", { headers: PREFLIGHT, body: new Blob([body]) }],
    ["JSON in latin1", { headers: { "content-type": "application/json; charset=latin1" }, body }],
    ["JSON with an unknown content-encoding", { headers: { ...JSON_TYPE, "content-encoding": "foo" }, body }],
    ["JSON claiming gzip that is not gzip", { headers: { ...JSON_TYPE, "content-encoding": "gzip" }, body }],
  ];
  it.each(cases)("a POST of %s is refused with a 4xx and a code", async (_name, request) => {
    expectClientError(await probe(helper.url, request), []);
  });

  it("a PUT or DELETE is refused with a 405", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const response = await fetch(`${helper.url}/graphql`, {
        method,
        headers: { ...JSON_TYPE, ...PREFLIGHT },
        body,
      });
      const text = await response.text();
      expect(response.status, `${method}: ${text}`).toBe(405);
      expect(text).not.toMatch(/ {4}at /);
    }
  });

  const getMutations: [string, Record<string, string>][] = [
    ["mutation { __typename }", {}],
    ['mutation { createRoles(input: [{ id: "x", title: "X" }]) { info { nodesCreated } } }', {}],
    ["mutation { deleteRoles { nodesDeleted } }", {}],
    ["query A { __typename } mutation B { __typename }", { operationName: "B" }],
  ];
  it.each(getMutations)(
    "GET /graphql?query=%s is refused, with or without apollo-require-preflight",
    async (query, extra) => {
      const search = `?${new URLSearchParams({ query, ...extra }).toString()}`;
      expectClientError(await probe(helper.url, { method: "GET", search, headers: PREFLIGHT }), []);
      expectClientError(await probe(helper.url, { method: "GET", search }), []);
    },
  );

  it("a GET with malformed variables or extensions is refused", async () => {
    const malformed: Record<string, string>[] = [
      { query: "query($id: ID!) { roles(where: { id: { eq: $id } }) { id } }", variables: "{bad" },
      { query: "{ __typename }", extensions: "[1" },
      { query: "{ __typename }", variables: '"\\ud800"' },
    ];
    for (const params of malformed) {
      const search = `?${new URLSearchParams(params).toString()}`;
      expectClientError(await probe(helper.url, { method: "GET", search, headers: PREFLIGHT }), []);
    }
  });
});

describe("Hostile input: huge values", () => {
  const huge = "x".repeat(90 * 1024);

  it("a 90 KB string in a generated where filter is just a filter that matches nothing", async () => {
    const query = "query($v: String!) { roles(where: { title: { contains: $v } }) { id } }";
    const response = await postJson(helper.url, query, { v: huge });
    expect(response.status).toBe(200);
    expect(expectSafeAnswer(response, { v: huge })).toEqual({ data: { roles: [] } });
    const literal = await postJson(helper.url, `{ roles(where: { title: { contains: "${huge}" } }) { id } }`);
    expect(expectSafeAnswer(literal, { v: huge })).toEqual({ data: { roles: [] } });
  });

  it("a 90 KB search text is refused with BAD_USER_INPUT naming `text`", async () => {
    const response = await postJson(helper.url, "query($v: String!) { searchRoles(text: $v) { score } }", {
      v: huge,
    });
    expectRefused(response, ["BAD_USER_INPUT"], { v: huge });
    expect(response.body?.errors?.[0]?.message).toMatch(/"text".*200/);
  });

  it.each([
    [
      "careerPaths.from",
      'query($v: ID!) { careerPaths(from: $v, to: "chief-operating-officer") { steps } }',
      { v: huge },
    ],
    [
      "careerPaths.to",
      'query($v: ID!) { careerPaths(from: "chief-operating-officer", to: $v) { steps } }',
      { v: huge },
    ],
    [
      "compareRoles.from",
      'query($v: ID!) { compareRoles(from: $v, to: "chief-operating-officer") { jaccard } }',
      { v: huge },
    ],
    [
      "compareRoles.to",
      'query($v: ID!) { compareRoles(from: "chief-operating-officer", to: $v) { jaccard } }',
      { v: huge },
    ],
    [
      "skillOverlap.roleIds",
      'query($v: ID!) { skillOverlap(roleIds: ["chief-operating-officer", $v]) { pairs { jaccard } } }',
      { v: huge },
    ],
    ["rolesBySkills.skillIds", "query($v: ID!) { rolesBySkills(skillIds: [$v]) { coverage } }", { v: huge }],
  ])("a 90 KB id in %s is NOT_FOUND", async (_name, query, variables) => {
    const response = await postJson(helper.url, query, variables);
    expect(response.status).toBe(200);
    expectRefused(response, ["NOT_FOUND"], variables);
  });

  it("a body just under the limit is served, one over it is refused with 413 PAYLOAD_TOO_LARGE", async () => {
    const query = "query($v: String!) { roles(where: { title: { contains: $v } }) { id } }";
    const under = json({ query, variables: { v: "y".repeat(100 * 1024 - 200) } });
    const served = await probe(helper.url, { headers: JSON_TYPE, body: under });
    expect(Buffer.byteLength(under)).toBeLessThan(100 * 1024);
    expect(served.status, served.text.slice(0, 200)).toBe(200);
    const over = await probe(helper.url, {
      headers: JSON_TYPE,
      body: json({ query, variables: { v: "z".repeat(110 * 1024) } }),
    });
    expect(over.status).toBe(413);
    expectRefused(over, ["PAYLOAD_TOO_LARGE"]);
    expect(over.body?.errors?.[0]?.message).toContain("102400 bytes");
    const multibyte = await probe(helper.url, {
      headers: JSON_TYPE,
      body: json({ query, variables: { v: "é".repeat(60 * 1024) } }),
    });
    expect(multibyte.status, "the limit counts bytes, not characters").toBe(413);
  });

  it("thousands of ids are refused with BAD_USER_INPUT naming the argument and its range", async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `role-${i}`);
    const overlap = await postJson(
      helper.url,
      "query($r: [ID!]!) { skillOverlap(roleIds: $r) { commonToAll { id } } }",
      { r: ids },
    );
    expectRefused(overlap, ["BAD_USER_INPUT"]);
    expect(overlap.body?.errors?.[0]?.message).toMatch(/"roleIds".*50/);
    const skills = await postJson(
      helper.url,
      "query($s: [ID!]!) { rolesBySkills(skillIds: $s) { coverage } }",
      { s: ids.slice(0, 51) },
    );
    expectRefused(skills, ["BAD_USER_INPUT"]);
    expect(skills.body?.errors?.[0]?.message).toMatch(/"skillIds".*50/);
    const repeated = await postJson(
      helper.url,
      "query($r: [ID!]!) { skillOverlap(roleIds: $r) { roles { id } } }",
      { r: Array.from({ length: 3000 }, () => COO) },
    );
    expect(expectSafeAnswer(repeated)).toEqual({ data: { skillOverlap: { roles: [{ id: COO }] } } });
  });

  it("a where filter nested thousands deep is refused with a code", async () => {
    const literal = `{ roles(where: ${"{ NOT: ".repeat(3000)}{}${" }".repeat(3000)}) { id } }`;
    expectClientError(await postJson(helper.url, literal), []);
    // Built as text: JSON.stringify itself overflows the stack on 8,000 levels.
    const where = `${'{"NOT":'.repeat(8000)}{"title":{"eq":"x"}}${"}".repeat(8000)}`;
    const query = json("query($w: RoleWhere) { roles(where: $w) { id } }");
    const response = await probe(helper.url, {
      headers: JSON_TYPE,
      body: `{"query":${query},"variables":{"w":${where}}}`,
    });
    expect(response.status).toBeLessThan(500);
    expectRefused(response);
  });
});

// Every string argument of the custom operations, and generated `where` filters.
const HOSTILE_STRINGS: [string, string][] = [
  ["NUL", "\u0000"],
  ["NUL inside an id", "chief-operating\u0000-officer"],
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "\udfff"],
  ["a reversed surrogate pair", "\udc00\ud800"],
  ["a lone surrogate before a word", "\udbffdirector"],
  ["RTL override and marks", "\u200f\u202eCOO\u202c\u200e"],
  ["BOM and zero-width characters", "\ufeff\u200b\u200dchief\u2060"],
  ["an emoji ZWJ sequence", "👩🏽‍💼 COO 🚀"],
  ["stacked combining marks", "c\u0301\u0302\u0303o\u0305\u0306\u0307o\u0308\u0309\u030a"],
  ["a decomposed accent", "dire\u0301cteur logistique"],
  ["fullwidth letters", "ＣＯＯ"],
  ["the last code point and non-characters", "\u{10FFFF}\uffff\ufffe"],
  ["C0 and C1 controls", "\u0001\u0007\u001b[31m\u0085\u009f"],
  ["line and paragraph separators", "coo\u2028\u2029manager"],
  ["Lucene query syntax", 'title:COO~2 AND *:* OR "chief"^10 [a TO z] /.*/ \\'],
  ["Lucene special characters only", '+-&&||!(){}[]^"~*?:\\/'],
  ["a Lucene leading wildcard", "*officer?"],
  ["a Cypher statement", "MATCH (n) DETACH DELETE n RETURN n"],
  ["a Cypher quote break-out", "x'}) MATCH (n) DETACH DELETE n //"],
  ["a Cypher backtick break-out", "`) DETACH DELETE n //"],
  ["a Cypher parameter name", "$query"],
  ["an APOC call", "CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {}) YIELD value RETURN value"],
  ["SQL injection", "' OR 1=1 --"],
  ["template and JNDI syntax", "${jndi:ldap://127.0.0.1/x} {{7*7}}"],
  ["HTML", "<script>alert(1)</script>"],
  ["format specifiers", "%s%n%x%00"],
  ["a path", "../../../../etc/passwd"],
  ["whitespace only", " \t\n\r "],
  ["an empty string", ""],
  ["200 characters", "a".repeat(200)],
  ["201 characters", `${"coo ".repeat(50)}x`],
];

/** Search texts the contract refuses: empty, only spaces, over 200 characters. */
const REFUSED_SEARCH_TEXTS = new Set(["whitespace only", "an empty string", "201 characters"]);

interface Target {
  name: string;
  query: string;
  variables: (value: string) => Record<string, unknown>;
  /** What the contract says for a value that is not a real id / is refused. */
  expect: (valueName: string) => "data" | "NOT_FOUND" | "BAD_USER_INPUT";
}

const TARGETS: Target[] = [
  {
    name: "searchRoles.text",
    query: "query($v: String!) { searchRoles(text: $v, limit: 5) { score matchedTitle role { id title } } }",
    variables: (v) => ({ v }),
    expect: (name) => (REFUSED_SEARCH_TEXTS.has(name) ? "BAD_USER_INPUT" : "data"),
  },
  {
    name: "careerPaths.from",
    query: "query($v: ID!, $o: ID!) { careerPaths(from: $v, to: $o) { steps roles { id } } }",
    variables: (v) => ({ v, o: COO }),
    expect: () => "NOT_FOUND",
  },
  {
    name: "careerPaths.to",
    query: "query($v: ID!, $o: ID!) { careerPaths(from: $o, to: $v, maxSteps: 6) { steps roles { id } } }",
    variables: (v) => ({ v, o: COO }),
    expect: () => "NOT_FOUND",
  },
  {
    name: "compareRoles.from",
    query: "query($v: ID!, $o: ID!) { compareRoles(from: $v, to: $o) { jaccard missingSkills { id } } }",
    variables: (v) => ({ v, o: COO }),
    expect: () => "NOT_FOUND",
  },
  {
    name: "compareRoles.to",
    query: "query($v: ID!, $o: ID!) { compareRoles(from: $o, to: $v) { jaccard toolsToLearn { id } } }",
    variables: (v) => ({ v, o: COO }),
    expect: () => "NOT_FOUND",
  },
  {
    name: "skillOverlap.roleIds",
    query:
      "query($v: [ID!]!) { skillOverlap(roleIds: $v) { roles { id } pairs { jaccard } commonToAll { id } } }",
    variables: (v) => ({ v: [COO, v] }),
    expect: () => "NOT_FOUND",
  },
  {
    name: "rolesBySkills.skillIds",
    query: "query($v: [ID!]!) { rolesBySkills(skillIds: $v, match: ANY) { coverage role { id } } }",
    variables: (v) => ({ v: [KNOWN_SKILL_IDS[0], v] }),
    expect: () => "NOT_FOUND",
  },
  {
    name: "roles(where: { title: { contains } })",
    query: "query($v: String!) { roles(where: { title: { contains: $v } }, limit: 5) { id title } }",
    variables: (v) => ({ v }),
    expect: () => "data",
  },
  {
    name: "roles(where: { id: { eq } }) with relatedRoles",
    query: "query($v: ID!) { roles(where: { id: { eq: $v } }) { id relatedRoles(limit: 3) { score } } }",
    variables: (v) => ({ v }),
    expect: () => "data",
  },
  {
    name: "roles(where: { OR: [alternativeTitles includes, summary startsWith] })",
    query:
      "query($v: String!) { roles(where: { OR: [{ alternativeTitles: { includes: $v } }, { summary: { startsWith: $v } }] }, limit: 5) { id } }",
    variables: (v) => ({ v }),
    expect: () => "data",
  },
  {
    name: "skillsConnection(where: { name: { endsWith } })",
    query:
      "query($v: String!) { skillsConnection(first: 3, where: { name: { endsWith: $v } }) { totalCount edges { node { id } } } }",
    variables: (v) => ({ v }),
    expect: () => "data",
  },
  {
    name: "roles { skillsConnection(where: { node: { name: { in } } }) }",
    query:
      'query($v: String!) { roles(where: { id: { eq: "chief-operating-officer" } }) { skillsConnection(where: { node: { name: { in: [$v, "x"] } } }) { totalCount } } }',
    variables: (v) => ({ v }),
    expect: () => "data",
  },
];

function expectContractAnswer(
  response: Awaited<ReturnType<typeof probe>>,
  expected: "data" | "NOT_FOUND" | "BAD_USER_INPUT",
  sent: unknown,
  label: string,
) {
  const body = expectSafeAnswer(response, sent, label);
  expect(response.status, label).toBe(200);
  if (expected === "data") {
    expect(body.errors, `${label}: ${response.text.slice(0, 300)}`).toBeUndefined();
    expect(body.data, label).toBeTruthy();
  } else {
    expect(errorCodes(response), `${label}: ${response.text.slice(0, 300)}`).toEqual([expected]);
  }
}

describe("Hostile input: odd Unicode, NUL bytes and injection in every string argument", () => {
  for (const target of TARGETS) {
    it(`${target.name}: each hostile string gets the contract's answer, in a variable`, async () => {
      for (const [valueName, value] of HOSTILE_STRINGS) {
        const variables = target.variables(value);
        const response = await postJson(helper.url, target.query, variables);
        expectContractAnswer(response, target.expect(valueName), variables, `${target.name} ← ${valueName}`);
      }
    });
  }

  it("each hostile string inlined as a GraphQL literal gets the same answer, or a parse error for a lone surrogate", async () => {
    const literalTargets = TARGETS.filter((t) =>
      ["searchRoles.text", "careerPaths.from", "roles(where: { title: { contains } })"].includes(t.name),
    );
    expect(literalTargets).toHaveLength(3);
    for (const target of literalTargets) {
      for (const [valueName, value] of HOSTILE_STRINGS) {
        const variables = target.variables(value);
        // Inline every variable as a JSON string, which is also a valid GraphQL string literal.
        const query = target.query
          .replace(/^query\([^)]*\)\s*/, "")
          .replace(/\$(\w+)/g, (_m, name: string) => json(variables[name]));
        const response = await postJson(helper.url, query);
        const label = `${target.name} ← ${valueName} (literal)`;
        if (/[\ud800-\udfff]/.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))) {
          expectSafeAnswer(response, variables, label);
          expect(errorCodes(response), label).toEqual(["GRAPHQL_PARSE_FAILED"]);
        } else {
          expectContractAnswer(response, target.expect(valueName), variables, label);
        }
      }
    }
  });

  it("searchRoles treats Lucene and Cypher syntax as plain words", async () => {
    const ids = async (text: string) => {
      const response = await postJson(
        helper.url,
        "query($t: String!) { searchRoles(text: $t, limit: 5) { role { id } } }",
        { t: text },
      );
      const body = expectSafeAnswer(response, { t: text }) as {
        data: { searchRoles: { role: { id: string } }[] };
      };
      return body.data.searchRoles.map((hit) => hit.role.id);
    };
    expect(await ids("chief operating officer")).toContain(COO);
    expect(await ids('+chief AND operating~ OR "officer"^5 *')).toContain(COO);
    expect(await ids("chief) RETURN n UNION MATCH (n) //operating officer")).toContain(COO);
  });
});

describe("Regression: a where filter nested 300 NOTs deep reaches Neo4j and holds a connection", () => {
  // Found by this suite. A 2.5 KB body with ~300 nested NOTs in a generated `where` passes every
  // limit (they count selection depth, not input depth); Neo4j overflows its stack planning the
  // Cypher, fails to send the error back ("Unable to send error back to the client"), and the
  // driver waits for the server's 120 s receive timeout while the request holds a pooled
  // connection. 55 such requests at once exhausted the pool (50): a plain COO lookup then failed
  // for ~15 s. docs/design.md, "Errors": a query too deep is "rejected before any database work, with a
  // code and a message that says which limit".
  it("is refused before any database work: a quick 4xx with a limit's code", async () => {
    let where: Record<string, unknown> = { title: { eq: "x" } };
    for (let i = 0; i < 300; i++) where = { NOT: where };
    const started = performance.now();
    let response: Awaited<ReturnType<typeof probe>> | null = null;
    try {
      response = await postJson(
        helper.url,
        "query($w: RoleWhere) { roles(where: $w) { id } }",
        { w: where },
        15_000,
      );
    } catch {
      // No answer within the client's 15 s bound: reported below.
    }
    const seconds = (performance.now() - started) / 1000;
    expect(response ? "answered" : `no answer after ${seconds.toFixed(1)} s`).toBe("answered");
    if (response) {
      expectSafeAnswer(response, {}, "300 nested NOTs");
      const outcome = `${response.status} ${errorCodes(response).join(",")} after ${seconds.toFixed(1)} s`;
      expect(response.status, outcome).toBeGreaterThanOrEqual(400);
      expect(errorCodes(response), outcome).not.toContain("INTERNAL_SERVER_ERROR");
      expect(errorCodes(response), outcome).not.toContain("SERVICE_UNAVAILABLE");
      expect(seconds, outcome).toBeLessThan(5);
    }
  });
});

describe("After every hostile request", () => {
  it("the graph has exactly the nodes and relationships it had before", async () => {
    expect(await helper.graphCounts()).toEqual(countsBefore);
  });
});
