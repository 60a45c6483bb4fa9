/**
 * Issue 15: a document that broke a limit could answer graphql-js's bare "Validation aborted."
 * (its last error once it stops after 100 errors) instead of naming the limit. A directive
 * repeated 150 times on one field breaks the directives limit once and the "can only be used once"
 * rule 149 times. Every refusal by a document limit now carries `extensions.limit`, the allowed
 * value and the figure found; no answer ends with a bare "Validation aborted.".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../../src/http/limits.js";
import { TestHelper } from "../../utils/test-helper.js";

const repeat = (n: number, item: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => item(i)).join(" ");

describe("Issue 15: a refused document names the limit it broke, never a bare 'Validation aborted.'", () => {
  const helper = new TestHelper({}, { record: true });
  beforeAll(() => helper.start());
  beforeEach(() => {
    helper.queries.length = 0;
  });
  afterAll(() => helper.close());

  async function refusedWith(query: string) {
    const response = await helper.executeGraphQL(query);
    expect(response.status).toBe(400);
    expect(helper.queries, "no database query was made").toEqual([]);
    const errors = response.body.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.message).not.toBe("Validation aborted.");
    return errors;
  }

  it("answers a directive repeated 150 times on one field with the directives limit and its figures only", async () => {
    const count = 150;
    const errors = await refusedWith(`{ sources { id ${repeat(count, () => "@include(if: true)")} } }`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(
      new RegExp(`directives limit of ${LIMITS.maxDirectives} exceeded, found ${count}`, "i"),
    );
    expect(errors[0]?.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      limit: "maxDirectives",
      maxDirectives: LIMITS.maxDirectives,
      directives: count,
    });
  });

  it("names the aliases limit, the allowed number and the number found", async () => {
    const count = LIMITS.maxAliases + 5;
    const errors = await refusedWith(`{ ${repeat(count, (i) => `a${i}: sources { id }`)} }`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      limit: "maxAliases",
      maxAliases: LIMITS.maxAliases,
      aliases: count,
    });
  });

  it("names the depth limit and the depth found", async () => {
    const levels = LIMITS.maxDepth + 4;
    const query = `{ roles(limit: 1) { ${"nextRoles { ".repeat(levels)}id${" }".repeat(levels)} } }`;
    const errors = await refusedWith(query);
    expect(errors).toHaveLength(1);
    const extensions = errors[0]?.extensions ?? {};
    expect(extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      limit: "maxDepth",
      maxDepth: LIMITS.maxDepth,
    });
    expect(extensions.depth).toBeGreaterThan(LIMITS.maxDepth);
    expect(errors[0]?.message).toContain(`found ${String(extensions.depth)}`);
  });

  it("ends a document with more than 100 errors by naming the error limit", async () => {
    const errors = await refusedWith(`{ ${repeat(150, (i) => `noSuchField${i}`)} }`);
    expect(errors).toHaveLength(LIMITS.maxValidationErrors + 1);
    expect(errors.slice(0, -1).every((e) => /Cannot query field "noSuchField\d+"/.test(e.message))).toBe(
      true,
    );
    const last = errors.at(-1);
    expect(last?.message).toMatch(/^Validation aborted: more than 100 validation errors, the limit is 100\./);
    expect(last?.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      limit: "maxValidationErrors",
      maxValidationErrors: LIMITS.maxValidationErrors,
    });
  });
});
