import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readExamples } from "../../src/schema/examples.js";
import { TestHelper } from "../utils/test-helper.js";

const examples = readExamples();

describe("Example operations", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("include the COO profile, where a COO goes next, and the COO's tools and salary bands", () => {
    expect(examples.map((e) => e.title)).toEqual(
      expect.arrayContaining(["COO profile", "Where can a COO go next?", "COO tools and salary bands"]),
    );
  });

  it("include one operation of each custom kind", () => {
    const text = examples.map((e) => e.query).join("\n");
    for (const operation of [
      "relatedRoles",
      "searchRoles",
      "careerPaths",
      "compareRoles",
      "skillOverlap",
      "rolesBySkills",
      "sources",
    ]) {
      expect(text, operation).toContain(`${operation}(`);
    }
  });

  it.each(examples.map((e) => [e.file, e] as const))(
    "%s runs without errors and returns data",
    async (_file, example) => {
      const response = await helper.executeGraphQL<Record<string, unknown>>(example.query, example.variables);
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      const [first] = Object.values(response.body.data ?? {});
      expect(first, "the operation's first field").toBeTruthy();
      if (Array.isArray(first)) expect(first.length).toBeGreaterThan(0);
    },
  );

  it("are the ones the README shows, word for word", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    for (const example of examples) expect(blocks, example.file).toContain(example.query);
  });

  it("are offered as tabs by the playground, whose assets are all served by us", async () => {
    const page = await fetch(`${helper.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const example of examples) {
      const name = /query (\w+)/.exec(example.query)?.[1];
      expect(html, example.file).toContain(name);
    }
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset, "no asset from another host").toMatch(/^\//);
      const response = await fetch(`${helper.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(1000);
    }
  });
});

describe("The HTTP endpoints", () => {
  const helper = new TestHelper({ BODY_LIMIT_BYTES: "2048" });
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("/healthz answers 200 and /readyz reports the seeded database", async () => {
    expect((await fetch(`${helper.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${helper.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, seedHash: expect.any(String) });
  });

  it("exposes no mutation: the API is read-only", async () => {
    const response = await helper.executeGraphQL<{ __schema: { mutationType: unknown } }>(
      "{ __schema { mutationType { name } } }",
    );
    expect(response.body.data?.__schema.mutationType).toBeNull();
    const attempt = await helper.executeGraphQL(
      'mutation { createRoles(input: [{ id: "x", title: "X" }]) { info { nodesCreated } } }',
    );
    expect(attempt.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(attempt.body.errors?.[0]?.message).toMatch(/read-only: mutation operations are not supported/);
  });

  it("answers an unknown field with GRAPHQL_VALIDATION_FAILED", async () => {
    const response = await helper.executeGraphQL("{ roles { salary } }");
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers a syntax error with GRAPHQL_PARSE_FAILED", async () => {
    const response = await helper.executeGraphQL("{ roles { id ");
    expect(response.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("answers malformed JSON with 400 BAD_REQUEST", async () => {
    const response = await fetch(`${helper.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query": "{ roles { id } }"',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("BAD_REQUEST");
  });

  it("answers a body over the limit with 413, naming the limit", async () => {
    const response = await fetch(`${helper.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ roles { id } } #${"x".repeat(4096)}` }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.errors[0]?.message).toContain("2048 bytes");
  });

  it("refuses a GET mutation and a simple-form POST (CSRF prevention)", async () => {
    const form = await fetch(`${helper.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ roles { id } }" }),
    });
    expect(form.status).toBe(400);
  });
});
