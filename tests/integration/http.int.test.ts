import { readFileSync } from "node:fs";
import { get } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
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

  it("are the ones docs/examples.md shows, word for word, and the README's are among them", () => {
    const graphqlBlocks = (file: string) => {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
      return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    };
    const documented = graphqlBlocks("docs/examples.md");
    for (const example of examples) expect(documented, example.file).toContain(example.query);
    const queries = examples.map((e) => e.query);
    const inReadme = graphqlBlocks("README.md");
    expect(inReadme.length, "example operations shown in the README").toBeGreaterThanOrEqual(2);
    for (const block of inReadme) expect(queries, `README block:\n${block}`).toContain(block);
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

/** A raw GET (no transparent decompression, unlike fetch): status, headers and the bytes sent. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    }).on("error", reject);
  });
}

describe("The playground's assets", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("are sent brotli or gzip compressed as asked, each encoding with its own ETag, and cached for a year", async () => {
    const html = await (await fetch(`${helper.url}/graphql`, { headers: { accept: "text/html" } })).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/playground\/[^"]+)"/g)].map((m) => m[1] ?? "");
    expect(assets).toHaveLength(4);
    const sizes: Record<string, number> = { identity: 0, gzip: 0, br: 0 };
    for (const asset of assets) {
      const url = `${helper.url}${asset}`;
      const plain = await rawGet(url, { "accept-encoding": "identity" });
      const gz = await rawGet(url, { "accept-encoding": "gzip" });
      const br = await rawGet(url, { "accept-encoding": "gzip, deflate, br" });
      expect(plain.headers["content-encoding"], asset).toBeUndefined();
      expect(gz.headers["content-encoding"], asset).toBe("gzip");
      expect(br.headers["content-encoding"], asset).toBe("br");
      expect(gunzipSync(gz.body).equals(plain.body), asset).toBe(true);
      expect(brotliDecompressSync(br.body).equals(plain.body), asset).toBe(true);
      for (const response of [plain, gz, br]) {
        expect(response.headers["cache-control"], asset).toBe("public, max-age=31536000, immutable");
        expect(response.headers.vary, asset).toBe("Accept-Encoding");
      }
      expect(new Set([plain, gz, br].map((r) => r.headers.etag)).size, asset).toBe(3);
      const again = await rawGet(url, { "accept-encoding": "br", "if-none-match": String(br.headers.etag) });
      expect(again.status, asset).toBe(304);
      sizes.identity = (sizes.identity ?? 0) + plain.body.length;
      sizes.gzip = (sizes.gzip ?? 0) + gz.body.length;
      sizes.br = (sizes.br ?? 0) + br.body.length;
    }
    // 4.1 MB of GraphiQL and React: at least 3 times smaller on the wire.
    expect(sizes.br).toBeLessThan((sizes.identity ?? 0) / 3);
    expect(sizes.gzip).toBeLessThan((sizes.identity ?? 0) / 3);
    console.info("playground assets, bytes:", sizes);
  });

  it("titles the tabs with the examples' # title: lines", async () => {
    const html = await (await fetch(`${helper.url}/graphql`, { headers: { accept: "text/html" } })).text();
    const json =
      /<script id="example-tabs" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? "[]";
    const tabs = JSON.parse(json) as { title: string }[];
    expect(tabs.map((t) => t.title)).toEqual(examples.map((e) => e.title));
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
