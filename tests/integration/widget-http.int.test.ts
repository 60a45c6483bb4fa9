import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readExamples } from "../../src/schema/examples.js";
import {
  parseRelatedJobs,
  relatedJobsRequest,
  RELATED_JOBS_QUERY,
} from "../../src/web/widget/client/query.js";
import { TestHelper } from "../utils/test-helper.js";

/** A page on another site, as the browser names it in CORS requests. */
const OTHER_ORIGIN = "https://jobs.example.org";
const SCRIPT = "/widget/related-jobs.js";

/** Cache-Control as a set of lowercase directives, so that their order does not matter. */
function directives(value: string | null): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
  );
}

function isPublic(value: string | null): boolean {
  return directives(value).has("public");
}

interface RelatedRoles {
  roles: {
    relatedRoles: { score: number; role: { id: string; title: string }; sharedSkills: { name: string }[] }[];
  }[];
}

describe("The related-jobs widget over HTTP", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  describe("its script", () => {
    it("is served as JavaScript that any origin may load, cacheable and revalidated by ETag", async () => {
      const response = await fetch(`${helper.url}${SCRIPT}`, { headers: { origin: OTHER_ORIGIN } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/javascript\b/);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      const cache = directives(response.headers.get("cache-control"));
      expect(cache.has("public")).toBe(true);
      expect([...cache].some((d) => /^max-age=[1-9]\d*$/.test(d))).toBe(true);
      const etag = response.headers.get("etag");
      expect(etag).toMatch(/^"[^"]+"$/);
      const code = await response.text();
      expect(code).toContain("customElements.define");

      const again = await fetch(`${helper.url}${SCRIPT}`, { headers: { "if-none-match": etag ?? "" } });
      expect(again.status).toBe(304);
    });

    it("is under 15 KB gzipped", async () => {
      const code = await (await fetch(`${helper.url}${SCRIPT}`)).text();
      const gzipped = gzipSync(code, { level: 9 }).length;
      expect(code.length).toBeGreaterThan(1000);
      expect(gzipped).toBeLessThan(15 * 1024);
    });

    it("is sent compressed to a client that accepts gzip", async () => {
      const response = await fetch(`${helper.url}${SCRIPT}`, { headers: { "accept-encoding": "gzip" } });
      expect(response.headers.get("content-encoding")).toBe("gzip");
      expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
    });
  });

  describe("its demo page", () => {
    it("shows three widgets, with the script and the API relative to the page (no external asset)", async () => {
      const response = await fetch(`${helper.url}/widget/demo`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html\b/);
      const html = await response.text();
      const roles = [...html.matchAll(/^\s*<related-jobs role-id="([^"]+)"/gm)].map((m) => m[1]);
      expect(roles).toEqual(["chief-operating-officer", "supply-chain-director", "logistics-director"]);
      expect(html).toContain('<script type="module" src="related-jobs.js">');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    });
  });

  describe("its query", () => {
    const variables = { id: "supply-chain-director", limit: 5 };
    const request = () => relatedJobsRequest(`${helper.url}/graphql`, variables.id, variables.limit);

    it("may be sent from another origin: the CORS preflight allows GET with apollo-require-preflight, and is cached", async () => {
      const response = await fetch(`${helper.url}/graphql`, {
        method: "OPTIONS",
        headers: {
          origin: OTHER_ORIGIN,
          "access-control-request-method": "GET",
          "access-control-request-headers": "apollo-require-preflight",
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")?.split(",")).toContain("GET");
      expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
        "apollo-require-preflight",
      );
      expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThanOrEqual(600);
    });

    it("answers 200 with Cache-Control public, max-age=300 and the related roles the API computes", async () => {
      const { url, headers } = request();
      const response = await fetch(url, { headers: { ...headers, origin: OTHER_ORIGIN } });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(directives(response.headers.get("cache-control"))).toEqual(new Set(["public", "max-age=300"]));
      const body = (await response.json()) as { data: RelatedRoles; errors?: unknown };
      expect(body.errors).toBeUndefined();

      // The same related roles as the README's example operation, sent the ordinary way.
      const example = readExamples().find((e) => e.query.includes("relatedRoles("));
      expect(example).toBeDefined();
      const expected = await helper.executeGraphQL<RelatedRoles>(example?.query ?? "", variables);
      const expectedRelated = expected.body.data?.roles[0]?.relatedRoles ?? [];
      expect(expectedRelated).toHaveLength(5);
      const got = body.data.roles[0]?.relatedRoles ?? [];
      expect(got.map((r) => [r.role.id, r.role.title, r.score])).toEqual(
        expectedRelated.map((r) => [r.role.id, r.role.title, r.score]),
      );
      expect(got.map((r) => r.sharedSkills.map((s) => s.name).sort())).toEqual(
        expectedRelated.map((r) => r.sharedSkills.map((s) => s.name).sort()),
      );

      const parsed = parseRelatedJobs(response.status, body);
      expect(parsed.kind).toBe("ok");
      if (parsed.kind === "ok") expect(parsed.jobs.map((j) => j.id)).toEqual(got.map((r) => r.role.id));
    });

    it("reads an unknown role as an empty list, which the widget shows as an unknown role", async () => {
      const { url, headers } = relatedJobsRequest(`${helper.url}/graphql`, "no-such-role", 5);
      const response = await fetch(url, { headers });
      const body: unknown = await response.json();
      expect(response.status).toBe(200);
      expect(body).toEqual({ data: { roles: [] } });
      expect(parseRelatedJobs(response.status, body)).toEqual({ kind: "unknown-role" });
    });

    it("is answered the same without the preflight header, public and cacheable (no CSRF prevention)", async () => {
      const { url, headers } = request();
      const withHeader = await fetch(url, { headers: { ...headers, origin: OTHER_ORIGIN } });
      const without = await fetch(url, { headers: { origin: OTHER_ORIGIN } });
      expect(without.status).toBe(200);
      expect(isPublic(without.headers.get("cache-control"))).toBe(true);
      expect(await without.json()).toEqual(await withHeader.json());
    });

    it("is not marked public when sent as a POST", async () => {
      const response = await fetch(`${helper.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: OTHER_ORIGIN },
        body: JSON.stringify({ query: RELATED_JOBS_QUERY, variables }),
      });
      expect(response.status).toBe(200);
      expect(isPublic(response.headers.get("cache-control"))).toBe(false);
      expect(response.headers.get("cache-control")).toBe("no-store");
    });

    it("is not marked public when the answer has errors", async () => {
      const { url, headers } = relatedJobsRequest(`${helper.url}/graphql`, variables.id, 5);
      const outOfRange = url.replace(encodeURIComponent('"limit":5'), encodeURIComponent('"limit":0'));
      expect(outOfRange).not.toBe(url);
      const response = await fetch(outOfRange, { headers });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(isPublic(response.headers.get("cache-control"))).toBe(false);
    });

    it("is not marked public when the request carries credentials", async () => {
      const { url, headers } = request();
      const credentials: Record<string, string>[] = [{ authorization: "Bearer x" }, { cookie: "session=x" }];
      for (const credential of credentials) {
        const response = await fetch(url, { headers: { ...headers, ...credential } });
        expect(response.status).toBe(200);
        expect(isPublic(response.headers.get("cache-control"))).toBe(false);
      }
    });
  });
});
