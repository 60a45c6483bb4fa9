/**
 * The seed-time ranking of related roles (src/seed/related-roles.ts) against a plain reading of the
 * formula in graph/schema/career.graphql, computed here with sets: 0.5 × Jaccard(skills) + gate ×
 * (0.2 × Jaccard(tools) + 0.1 × Jaccard(sectors)) + 0.2 × link, where gate = min(1, Jaccard(skills)
 * / 0.05) and link is the highest confidence of a link between the two roles (0 without one),
 * rounded to 4 decimals, best first, ties by id; a score of 0 is not listed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RELATED_LIMIT, rankRelatedRoles, type Facts } from "../../src/seed/related-roles.js";

interface Role {
  id: string;
  skills: number[];
  tools: number[];
  sectors: number[];
  links: number[];
  /** Confidence of each link, in the order of `links`. */
  linkWeights: number[];
}

function jaccard(a: readonly number[], b: readonly number[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size + right.size === 0) return 0;
  let shared = 0;
  for (const x of left) if (right.has(x)) shared++;
  return shared / (left.size + right.size - shared);
}

/** Every other role that shares something or is linked, with its score, best first and ties by id. */
function reference(roles: readonly Role[], r: number): { id: string; score: number }[] {
  const me = roles[r] as Role;
  const out: { id: string; score: number }[] = [];
  roles.forEach((other, c) => {
    if (c === r) return;
    const link = Math.max(0, ...me.links.map((l, i) => (l === c ? (me.linkWeights[i] ?? 0) : 0)));
    const linked = link > 0;
    const shares =
      other.skills.some((x) => me.skills.includes(x)) ||
      other.tools.some((x) => me.tools.includes(x)) ||
      other.sectors.some((x) => me.sectors.includes(x));
    if (!shares && !linked) return;
    const skills = jaccard(me.skills, other.skills);
    const gate = Math.min(1, skills / 0.05);
    const raw =
      0.5 * skills +
      gate * (0.2 * jaccard(me.tools, other.tools) + 0.1 * jaccard(me.sectors, other.sectors)) +
      0.2 * link;
    if (raw === 0) return;
    out.push({ id: other.id, score: Math.round(raw * 10_000) / 10_000 });
  });
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function toFacts(roles: readonly Role[], items: number): Facts {
  return {
    ids: roles.map((r) => r.id),
    skills: roles.map((r) => Int32Array.from(new Set(r.skills))),
    tools: roles.map((r) => Int32Array.from(new Set(r.tools))),
    sectors: roles.map((r) => Int32Array.from(new Set(r.sectors))),
    links: roles.map((r) => Int32Array.from(r.links)),
    linkWeights: roles.map((r) => Float64Array.from(r.linkWeights)),
    items: { skills: items, tools: items, sectors: items },
  };
}

const ITEMS = 12;
const rolesArbitrary = (maxRoles: number) =>
  fc.integer({ min: 1, max: maxRoles }).chain((n) =>
    fc.array(
      fc.record({
        skills: fc.array(fc.integer({ min: 0, max: ITEMS - 1 }), { maxLength: 8 }),
        tools: fc.array(fc.integer({ min: 0, max: ITEMS - 1 }), { maxLength: 4 }),
        sectors: fc.array(fc.integer({ min: 0, max: ITEMS - 1 }), { maxLength: 3 }),
        links: fc.array(
          fc.record({
            to: fc.integer({ min: 0, max: n - 1 }),
            confidence: fc.integer({ min: 1, max: 100 }).map((x) => x / 100),
          }),
          { maxLength: 3 },
        ),
      }),
      { minLength: n, maxLength: n },
    ),
  );

describe("rankRelatedRoles", () => {
  it("ranks every related role as the documented formula does, best first and ties by id", () => {
    fc.assert(
      fc.property(rolesArbitrary(30), (drawn) => {
        // Ids in an order unrelated to the index, so that the tie-break by id is really tested.
        const roles = drawn.map((r, i) => ({
          ...r,
          id: `role-${(i * 7919) % 1000}-${i}`,
          links: r.links.map((l) => l.to),
          linkWeights: r.links.map((l) => l.confidence),
        }));
        const ranked = rankRelatedRoles(toFacts(roles, ITEMS));
        roles.forEach((_, r) => {
          const expected = reference(roles, r);
          const got = ranked[r];
          expect(got?.ids).toEqual(expected.map((e) => e.id));
          expect(got?.scores).toEqual(expected.map((e) => e.score));
        });
      }),
      { numRuns: 150 },
    );
  });

  it(`keeps the best ${RELATED_LIMIT} of a long list, and only ties of the last one beyond them`, () => {
    // 400 roles sharing skill 0, and a varying number of further skills: many candidates per role.
    const roles: Role[] = Array.from({ length: 400 }, (_, i) => ({
      id: `r${String(i).padStart(3, "0")}`,
      skills: [0, ...Array.from({ length: i % 9 }, (_, k) => 1 + ((i + k) % 11))],
      tools: i % 3 === 0 ? [i % 5] : [],
      sectors: [i % 4],
      links: i % 50 === 0 ? [(i + 1) % 400] : [],
      linkWeights: i % 50 === 0 ? [0.5 + (i % 7) / 20] : [],
    }));
    const ranked = rankRelatedRoles(toFacts(roles, ITEMS));
    for (const r of [0, 1, 57, 399]) {
      const expected = reference(roles, r);
      const got = ranked[r];
      expect(got?.ids.slice(0, RELATED_LIMIT)).toEqual(expected.slice(0, RELATED_LIMIT).map((e) => e.id));
      const last = expected[RELATED_LIMIT - 1]?.score ?? 0;
      for (const score of got?.scores.slice(RELATED_LIMIT) ?? []) {
        expect(score).toBeGreaterThanOrEqual(last - 0.0001);
      }
    }
  });

  it("lists an explicitly linked role that shares nothing, with 0.2 × the link's confidence", () => {
    const roles: Role[] = [
      { id: "a", skills: [1], tools: [], sectors: [], links: [1, 1], linkWeights: [0.6, 0.9] },
      { id: "b", skills: [2], tools: [], sectors: [], links: [], linkWeights: [] },
    ];
    const [a, b] = rankRelatedRoles(toFacts(roles, ITEMS));
    expect(a).toEqual({ ids: ["b"], scores: [0.18] });
    // The link is read as given in the facts (the seed query supplies both directions).
    expect(b).toEqual({ ids: [], scores: [] });
  });

  it("counts tools and sectors only as far as the roles share skills: nothing without a shared skill", () => {
    // a and b share every tool and sector but no skill; a and c share 1 skill of 50 (Jaccard 1/49).
    const skillsOfC = [1, ...Array.from({ length: 24 }, (_, i) => 100 + i)];
    const roles: Role[] = [
      {
        id: "a",
        skills: Array.from({ length: 25 }, (_, i) => i + 1),
        tools: [1, 2],
        sectors: [1],
        links: [],
        linkWeights: [],
      },
      { id: "b", skills: [500], tools: [1, 2], sectors: [1], links: [], linkWeights: [] },
      { id: "c", skills: skillsOfC, tools: [1, 2], sectors: [1], links: [], linkWeights: [] },
    ];
    const [a] = rankRelatedRoles(toFacts(roles, 501));
    const skills = 1 / 49;
    const gate = skills / 0.05;
    expect(a?.ids).toEqual(["c"]);
    expect(a?.scores).toEqual([Math.round((0.5 * skills + gate * (0.2 + 0.1)) * 10_000) / 10_000]);
  });
});
