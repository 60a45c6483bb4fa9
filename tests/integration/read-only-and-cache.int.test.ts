/**
 * The service only reads, names the dataset version of every answer, and serves anonymous GETs
 * from a response cache keyed by that version, with ETags for conditional GETs
 * (docs/operations.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readExamples } from "../../src/schema/examples.js";
import { TestHelper } from "../utils/test-helper.js";

const examples = readExamples();

/** The version the graph holds, read directly from the database. */
async function graphVersion(helper: TestHelper): Promise<string> {
  const [state] = await helper.executeCypher<{ hash: string }>(
    "MATCH (s:SeedState {id: 'seeds'}) RETURN s.hash AS hash",
  );
  if (!state) throw new Error("the run's database holds no SeedState");
  return state.hash;
}

describe("A service whose database user may only read", () => {
  // The service's driver refuses (and records) any session or query not opened for reading,
  // as a read-only user's would: Neo4j Community has no roles to show it with a real user.
  const helper = new TestHelper({}, { readOnly: true });
  beforeAll(() => helper.start(), 300_000);
  afterAll(() => helper.close());

  it.each(examples.map((e) => [e.file, e] as const))(
    "answers %s without ever opening a write session",
    async (_file, example) => {
      const response = await helper.executeGraphQL(example.query, example.variables);
      expect(response.body.errors).toBeUndefined();
      expect(helper.writeAttempts).toEqual([]);
    },
  );

  it("reports ready, with the dataset version it found and the one its code expects", async () => {
    const response = await fetch(`${helper.url}/readyz`);
    const version = await graphVersion(helper);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ready: true,
      datasetVersion: version,
      expectedDatasetVersion: version,
    });
    expect(helper.writeAttempts).toEqual([]);
  });
});

describe("Dataset version on answers, and the response cache of anonymous GETs", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start(), 300_000);
  afterAll(() => helper.close());

  const widget = examples.find((e) => e.file.includes("widget"));
  if (!widget) throw new Error("graph/examples has no widget example");
  const getUrl = () =>
    `${helper.url}/graphql?${new URLSearchParams({ query: widget.query, variables: JSON.stringify(widget.variables) })}`;
  const get = (headers: Record<string, string> = {}) =>
    fetch(getUrl(), { headers: { "apollo-require-preflight": "true", ...headers } });

  it("names the dataset version of a POST's answer in X-Dataset-Version", async () => {
    const response = await helper.executeGraphQL(widget.query, widget.variables);
    expect(response.headers.get("x-dataset-version")).toBe(await graphVersion(helper));
    expect(response.headers.get("age")).toBeNull();
  });

  it("serves a repeated anonymous GET from the cache, with the same body, version and ETag", async () => {
    const version = await graphVersion(helper);
    const first = await get();
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-dataset-version")).toBe(version);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(new RegExp(`^W/"${version}-`));
    let cached: Response | null = null;
    // The cache is written as the first answer leaves; ask until a hit shows (Age header).
    for (let i = 0; i < 20 && !cached; i++) {
      const again = await get();
      if (again.headers.get("age") !== null) cached = again;
      else await again.text();
    }
    expect(cached, "a cache hit (Age header)").not.toBeNull();
    expect(await cached?.text()).toBe(firstBody);
    expect(cached?.headers.get("x-dataset-version")).toBe(version);
    expect(cached?.headers.get("etag")).toBe(etag);
  });

  it("answers a conditional GET with 304 while the data is unchanged, and 200 for another ETag", async () => {
    const first = await get();
    await first.text();
    const etag = first.headers.get("etag") ?? "";
    // fetch() adds `Cache-Control: no-cache` to a conditional request unless one is given, and a
    // no-cache request is never answered 304; a browser revalidates with max-age=0.
    const conditional = await get({ "if-none-match": etag, "cache-control": "max-age=0" });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe("");
    const other = await get({ "if-none-match": 'W/"0000000000000000-other"', "cache-control": "max-age=0" });
    expect(other.status).toBe(200);
  });

  it("never caches a GET with credentials, nor a POST", async () => {
    for (let i = 0; i < 3; i++) {
      const withCookie = await get({ cookie: "session=1" });
      await withCookie.text();
      expect(withCookie.headers.get("age")).toBeNull();
      const post = await helper.executeGraphQL(widget.query, widget.variables);
      expect(post.headers.get("age")).toBeNull();
    }
  });
});
