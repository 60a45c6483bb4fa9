/**
 * Issue 14 item 5: `skillOverlap` in matrix form. The expected matrices are computed here from the
 * roles' REQUIRES_SKILL relationships read by Cypher, not from the service's pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURATED_ROLE_IDS } from "../utils/known-ids.js";
import { TestHelper } from "../utils/test-helper.js";

interface Overlap {
  roles: { id: string }[];
  pairs: { a: { id: string }; b: { id: string }; jaccard: number; sharedCount: number }[];
  matrix: number[][];
  sharedCounts: number[][];
}

const OVERLAP = /* GraphQL */ `
  query Matrix($roleIds: [ID!]!) {
    skillOverlap(roleIds: $roleIds) {
      roles {
        id
      }
      matrix
      sharedCounts
    }
  }
`;

describe("Query.skillOverlap in matrix form", () => {
  const helper = new TestHelper({ QUERY_TIMEOUT_MS: "30000" });
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  async function requiredSkills(ids: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows = await helper.executeCypher<{ id: string; skills: string[] }>(
      `UNWIND $ids AS id MATCH (r:Role {id: id})
       OPTIONAL MATCH (r)-[:REQUIRES_SKILL]->(s:Skill)
       RETURN id, collect(DISTINCT s.id) AS skills`,
      { ids: [...ids] },
    );
    return new Map(rows.map((r) => [r.id, new Set(r.skills)]));
  }

  async function expectMatrices(asked: readonly string[], distinct: readonly string[]): Promise<Overlap> {
    const response = await helper.executeGraphQL<{ skillOverlap: Overlap }>(OVERLAP, { roleIds: asked });
    expect(response.body.errors).toBeUndefined();
    const result = response.body.data?.skillOverlap as Overlap;
    expect(result.roles.map((r) => r.id)).toEqual(distinct);
    const sets = await requiredSkills(distinct);
    const n = distinct.length;
    expect(result.matrix).toHaveLength(n);
    expect(result.sharedCounts).toHaveLength(n);
    for (let i = 0; i < n; i++) {
      const a = sets.get(distinct[i] as string) ?? new Set<string>();
      expect(result.matrix[i]).toHaveLength(n);
      expect(result.sharedCounts[i]).toHaveLength(n);
      for (let j = 0; j < n; j++) {
        const b = sets.get(distinct[j] as string) ?? new Set<string>();
        const shared = [...a].filter((s) => b.has(s)).length;
        const union = a.size + b.size - shared;
        const where = `${distinct[i]} / ${distinct[j]}`;
        expect(result.sharedCounts[i]?.[j], where).toBe(shared);
        expect(result.matrix[i]?.[j], where).toBeCloseTo(union === 0 ? 0 : shared / union, 12);
        if (i === j) expect(result.matrix[i]?.[j], where).toBe(a.size > 0 ? 1 : 0);
      }
    }
    return result;
  }

  it("gives the Jaccard index and shared counts of every pair, rows and columns in roles order", async () => {
    const asked = [CURATED_ROLE_IDS[0], CURATED_ROLE_IDS[4], CURATED_ROLE_IDS[0], CURATED_ROLE_IDS[3]];
    await expectMatrices(asked, [CURATED_ROLE_IDS[0], CURATED_ROLE_IDS[4], CURATED_ROLE_IDS[3]]);
  });

  it("answers 50 roles as two 50 × 50 matrices that agree with the pairs", async () => {
    const rows = await helper.executeCypher<{ id: string }>(
      "MATCH (r:Role) RETURN r.id AS id ORDER BY id LIMIT 50",
    );
    expect(rows).toHaveLength(50);
    const ids = rows.map((r) => r.id);
    await expectMatrices(ids, ids);
    const both = await helper.executeGraphQL<{ skillOverlap: Overlap }>(
      /* GraphQL */ `
        query Both($roleIds: [ID!]!) {
          skillOverlap(roleIds: $roleIds) {
            pairs {
              a {
                id
              }
              b {
                id
              }
              jaccard
              sharedCount
            }
            matrix
            sharedCounts
          }
        }
      `,
      { roleIds: ids },
    );
    expect(both.body.errors).toBeUndefined();
    const overlap = both.body.data?.skillOverlap as Overlap;
    expect(overlap.pairs).toHaveLength(1225);
    for (const pair of overlap.pairs) {
      const i = ids.indexOf(pair.a.id);
      const j = ids.indexOf(pair.b.id);
      expect(overlap.matrix[i]?.[j]).toBe(pair.jaccard);
      expect(overlap.matrix[j]?.[i]).toBe(pair.jaccard);
      expect(overlap.sharedCounts[i]?.[j]).toBe(pair.sharedCount);
    }
  });

  it("has 0 on the diagonal for a role without required skills, as the pairs' rule for two empty sets", async () => {
    const empty = await helper.executeCypher<{ id: string }>(
      "MATCH (r:Role) WHERE NOT (r)-[:REQUIRES_SKILL]->(:Skill) RETURN r.id AS id ORDER BY id LIMIT 1",
    );
    const ids = [...empty.map((r) => r.id), CURATED_ROLE_IDS[0]];
    await expectMatrices(ids, ids);
  });
});
