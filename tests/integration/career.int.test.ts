/**
 * The career-intelligence operations (docs/design.md, graph/schema/career.graphql), called over
 * real HTTP and checked against answers recomputed independently: by Cypher over the base
 * relationships (REQUIRES_SKILL, USES_TOOL, WORKS_IN, RELATED_TO, PROGRESSES_TO) or from the
 * generated `roles(where: { id: { in: ... } })` query, never from numbers copied from the data.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEEDS_DIR } from "../../src/seed/pipeline.js";
import { TestHelper, type GraphQLResponse } from "../utils/test-helper.js";

interface Node {
  id: string;
}

const ids = (nodes: readonly Node[]): string[] => nodes.map((n) => n.id);
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedIds = (xs: Iterable<string>): string[] => [...xs].sort(byId);
const intersection = (a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> =>
  new Set([...a].filter((x) => b.has(x)));
/** |A ∩ B| / |A ∪ B|, 0 when both are empty: the definition of the schema, computed here. */
const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  const shared = intersection(a, b).size;
  const union = new Set([...a, ...b]).size;
  return union === 0 ? 0 : shared / union;
};
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
/** Element-wise comparison of id lists, as Cypher orders lists. */
const compareLists = (a: readonly string[], b: readonly string[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = byId(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
};

function expectError(
  response: GraphQLResponse,
  code: string,
  ...mentions: string[]
): { message: string; extensions?: Record<string, unknown> } {
  const [error] = response.body.errors ?? [];
  expect(error, "the response has an error").toBeDefined();
  expect(error?.extensions?.code).toBe(code);
  for (const mention of mentions) expect(error?.message).toContain(mention);
  return error as { message: string; extensions?: Record<string, unknown> };
}

describe("The career operations over HTTP", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  /** Runs a query that must succeed, and returns its data. */
  async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await helper.executeGraphQL<T>(query, variables);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toBeTruthy();
    return response.body.data as T;
  }

  /** The skill, tool and sector sets of every role, read by Cypher from the base relationships. */
  async function roleProfiles(): Promise<
    Map<string, { skills: Set<string>; tools: Set<string>; sectors: Set<string> }>
  > {
    const rows = await helper.executeCypher<{
      id: string;
      skills: string[];
      tools: string[];
      sectors: string[];
    }>(
      `MATCH (c:Role)
       RETURN c.id AS id,
         COLLECT { MATCH (c)-[:REQUIRES_SKILL]->(s:Skill) RETURN s.id } AS skills,
         COLLECT { MATCH (c)-[:USES_TOOL]->(t:Tool) RETURN t.id } AS tools,
         COLLECT { MATCH (c)-[:WORKS_IN]->(x:Sector) RETURN x.id } AS sectors`,
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { skills: new Set(r.skills), tools: new Set(r.tools), sectors: new Set(r.sectors) },
      ]),
    );
  }

  /** Skill ids of roles, from the generated query (not the custom resolvers). */
  async function generatedSkillSets(roleIds: string[]): Promise<Map<string, Set<string>>> {
    const { roles } = await data<{ roles: { id: string; skills: Node[] }[] }>(
      `query Skills($ids: [ID!]!) { roles(where: { id: { in: $ids } }) { id skills { id } } }`,
      { ids: roleIds },
    );
    expect(new Set(ids(roles))).toEqual(new Set(roleIds));
    return new Map(roles.map((r) => [r.id, new Set(ids(r.skills))]));
  }

  describe("Role.relatedRoles", () => {
    type Profiles = Awaited<ReturnType<typeof roleProfiles>>;
    interface Expected {
      id: string;
      score: number;
      sharedSkills: string[];
      sharedTools: string[];
      sharedSectors: string[];
      relation: "PROGRESSION" | "RELATED" | "SIMILAR";
      linkSources: string[];
    }
    interface Related {
      role: Node;
      score: number;
      relation: string;
      linkSources: string[];
      sharedSkills: Node[];
      sharedTools: Node[];
      sharedSectors: Node[];
    }
    const RELATED = /* GraphQL */ `
      query Related($id: ID!, $limit: Int) {
        roles(where: { id: { eq: $id } }) {
          id
          relatedRoles(limit: $limit) {
            role {
              id
            }
            score
            relation
            linkSources
            sharedSkills {
              id
            }
            sharedTools {
              id
            }
            sharedSectors {
              id
            }
          }
        }
      }
    `;
    let profiles: Profiles;

    beforeAll(async () => {
      profiles = await roleProfiles();
    });

    async function related(id: string, limit?: number): Promise<Related[]> {
      const { roles } = await data<{ roles: { id: string; relatedRoles: Related[] }[] }>(RELATED, {
        id,
        limit,
      });
      expect(roles).toHaveLength(1);
      return roles[0]?.relatedRoles ?? [];
    }

    /** Every role's score against `id`, by the documented formula, best first, ties by id. */
    async function expectedRelated(id: string): Promise<Expected[]> {
      const links = await helper.executeCypher<{
        other: string;
        type: string;
        source: string;
        evidence: string | null;
        confidence: number | null;
      }>(
        `MATCH (r:Role {id: $id})-[l:RELATED_TO|PROGRESSES_TO]-(c:Role) WHERE c <> r
         RETURN c.id AS other, type(l) AS type, l.source AS source, l.evidence AS evidence,
           l.confidence AS confidence`,
        { id },
      );
      const self = profiles.get(id);
      if (!self) throw new Error(`${id} is not a role`);
      const expected: Expected[] = [];
      for (const [other, p] of profiles) {
        if (other === id) continue;
        const own = links.filter((l) => l.other === other);
        // The link term: the highest confidence of a link a source states (not a derived move).
        const link = Math.max(
          0,
          ...own.filter((l) => l.evidence !== "DERIVED").map((l) => l.confidence ?? 1),
        );
        // Tools and sectors count in proportion to the shared skills, in full from a skills index of 0.05.
        const skills = jaccard(self.skills, p.skills);
        const gate = Math.min(1, skills / 0.05);
        const score = round4(
          0.5 * skills +
            gate * (0.2 * jaccard(self.tools, p.tools) + 0.1 * jaccard(self.sectors, p.sectors)) +
            0.2 * link,
        );
        // Shares no skill and no source links them (a derived move alone is no link): not related.
        if (score === 0) continue;
        expected.push({
          id: other,
          score,
          sharedSkills: sortedIds(intersection(self.skills, p.skills)),
          sharedTools: sortedIds(intersection(self.tools, p.tools)),
          sharedSectors: sortedIds(intersection(self.sectors, p.sectors)),
          relation: own.some((l) => l.type === "PROGRESSES_TO")
            ? "PROGRESSION"
            : own.length > 0
              ? "RELATED"
              : "SIMILAR",
          linkSources: sortedIds(new Set(own.map((l) => l.source))),
        });
      }
      return expected.sort((a, b) => b.score - a.score || byId(a.id, b.id));
    }

    function expectPairMatches(actual: Related | undefined, expected: Expected | undefined): void {
      expect(actual, "the related role is listed").toBeDefined();
      expect(expected, "the related role is related by the formula").toBeDefined();
      if (!actual || !expected) return;
      expect(actual.role.id).toBe(expected.id);
      expect(actual.score).toBeCloseTo(expected.score, 4);
      expect(sortedIds(ids(actual.sharedSkills))).toEqual(expected.sharedSkills);
      expect(sortedIds(ids(actual.sharedTools))).toEqual(expected.sharedTools);
      expect(sortedIds(ids(actual.sharedSectors))).toEqual(expected.sharedSectors);
      expect(actual.relation).toBe(expected.relation);
      expect(sortedIds(actual.linkSources)).toEqual(expected.linkSources);
    }

    it("scores the supply chain director's two best matches by the documented formula, with their shared skills, tools and sectors", async () => {
      const list = await related("supply-chain-director", 5);
      const expected = await expectedRelated("supply-chain-director");
      expect(list.length).toBeGreaterThanOrEqual(2);
      for (const actual of list.slice(0, 2)) {
        expectPairMatches(
          actual,
          expected.find((e) => e.id === actual.role.id),
        );
      }
    });

    it("scores the COO and the CEO, joined by a progression, as PROGRESSION with the link weighted by its confidence", async () => {
      const [link] = await helper.executeCypher<{ n: number }>(
        `MATCH (:Role {id: "chief-operating-officer"})-[p:PROGRESSES_TO]-(:Role {id: "chief-executive-officer"})
         RETURN count(p) AS n`,
      );
      expect(link?.n).toBeGreaterThan(0);
      const list = await related("chief-operating-officer", 100);
      const expected = await expectedRelated("chief-operating-officer");
      const ceo = expected.find((e) => e.id === "chief-executive-officer");
      expect(ceo?.relation).toBe("PROGRESSION");
      expectPairMatches(
        list.find((r) => r.role.id === "chief-executive-officer"),
        ceo,
      );
    });

    it.each([
      ["supply-chain-director", 10],
      ["chief-operating-officer", 25],
      ["logistics-director", 100],
    ])(
      "ranks the related roles of %s exactly as the formula does for limit %i (score desc, then id)",
      async (id, limit) => {
        const expected = (await expectedRelated(id)).slice(0, limit);
        const list = await related(id, limit);
        expect(list.map((r) => [r.role.id, r.relation])).toEqual(expected.map((e) => [e.id, e.relation]));
        list.forEach((actual, i) => expect(actual.score).toBeCloseTo(expected[i]?.score ?? NaN, 4));
      },
    );

    it("orders by score descending, breaking ties by id, with every score within 0..1", async () => {
      const list = await related("chief-operating-officer", 100);
      expect(list.length).toBeGreaterThan(1);
      for (let i = 1; i < list.length; i++) {
        const [prev, next] = [list[i - 1] as Related, list[i] as Related];
        expect(prev.score).toBeGreaterThanOrEqual(next.score);
        if (prev.score === next.score) expect(byId(prev.role.id, next.role.id)).toBeLessThan(0);
      }
      for (const r of list) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
      expect(new Set(list.map((r) => r.role.id)).size).toBe(list.length);
      expect(list.map((r) => r.role.id)).not.toContain("chief-operating-officer");
    });

    it("honours limit: the default is 5 and a smaller list is the head of a longer one", async () => {
      const long = await related("supply-chain-director", 20);
      const byDefault = await related("supply-chain-director");
      const three = await related("supply-chain-director", 3);
      expect(long).toHaveLength(20);
      expect(byDefault).toHaveLength(5);
      expect(three).toHaveLength(3);
      expect(ids(three.map((r) => r.role))).toEqual(ids(long.slice(0, 3).map((r) => r.role)));
      expect(ids(byDefault.map((r) => r.role))).toEqual(ids(long.slice(0, 5).map((r) => r.role)));
    });

    it("labels PROGRESSION, RELATED and SIMILAR from the explicit links between the two roles", async () => {
      const list = await related("supply-chain-director", 100);
      const links = await helper.executeCypher<{ other: string; types: string[] }>(
        `MATCH (r:Role {id: "supply-chain-director"})-[l:RELATED_TO|PROGRESSES_TO]-(c:Role)
         RETURN c.id AS other, collect(DISTINCT type(l)) AS types`,
      );
      const typesOf = new Map(links.map((l) => [l.other, l.types]));
      const seen = new Set<string>();
      for (const r of list) {
        const types = typesOf.get(r.role.id) ?? [];
        const expected = types.includes("PROGRESSES_TO")
          ? "PROGRESSION"
          : types.includes("RELATED_TO")
            ? "RELATED"
            : "SIMILAR";
        expect(r.relation, r.role.id).toBe(expected);
        seen.add(r.relation);
        if (expected === "SIMILAR") expect(r.linkSources).toEqual([]);
        else expect(r.linkSources.length, r.role.id).toBeGreaterThan(0);
      }
      // O*NET's related occupations are also progressions now, so a RELATED-only pair is rare.
      expect(seen).toEqual(
        new Set(
          [...typesOf.values()].some((t) => !t.includes("PROGRESSES_TO"))
            ? ["PROGRESSION", "RELATED", "SIMILAR"]
            : ["PROGRESSION", "SIMILAR"],
        ),
      );
    });

    it("lists every role a source links to the COO when the limit is 100", async () => {
      const linked = await helper.executeCypher<{ id: string }>(
        `MATCH (r:Role {id: "chief-operating-officer"})-[l:RELATED_TO|PROGRESSES_TO]-(c:Role)
         WHERE c <> r AND coalesce(l.evidence, "") <> "DERIVED"
         RETURN DISTINCT c.id AS id`,
      );
      expect(linked.length).toBeGreaterThan(0);
      const list = await related("chief-operating-officer", 100);
      const listed = new Map(list.map((r) => [r.role.id, r]));
      for (const { id } of linked) {
        expect(listed.has(id), `${id} is linked to the COO`).toBe(true);
        expect(listed.get(id)?.relation).not.toBe("SIMILAR");
      }
    });

    it("ranks every role's 100 best matches exactly as the formula does over the whole graph, though the ranking is computed at seed time", async () => {
      const all = sortedIds(profiles.keys());
      expect(all.length).toBeGreaterThan(300);
      for (let i = 0; i < all.length; i += 10) {
        const batch = all.slice(i, i + 10);
        const { roles } = await data<{
          roles: { id: string; relatedRoles: { role: Node; score: number }[] }[];
        }>(
          `query Batch($ids: [ID!]!) { roles(where: { id: { in: $ids } }) {
             id relatedRoles(limit: 100) { role { id } score } } }`,
          { ids: batch },
        );
        expect(roles).toHaveLength(batch.length);
        for (const role of roles) {
          const expected = (await expectedRelated(role.id)).slice(0, 100);
          expect(
            role.relatedRoles.map((r) => r.role.id),
            role.id,
          ).toEqual(expected.map((e) => e.id));
          // Both round to 4 decimals after summing in their own order: one unit of the last place apart at most.
          role.relatedRoles.forEach((r, k) =>
            expect(Math.abs(r.score - (expected[k]?.score ?? NaN))).toBeLessThanOrEqual(0.00011),
          );
        }
      }
    });

    it("answers each role of a batch as it answers that role alone", async () => {
      const batch = await data<{ roles: { id: string; relatedRoles: { role: Node; score: number }[] }[] }>(
        `{ roles(where: { id: { in: ["chief-operating-officer", "supply-chain-director", "logistics-director"] } }) {
             id relatedRoles(limit: 7) { role { id } score } } }`,
      );
      expect(batch.roles).toHaveLength(3);
      for (const role of batch.roles) {
        const alone = await related(role.id, 7);
        expect(role.relatedRoles).toEqual(alone.map((r) => ({ role: { id: r.role.id }, score: r.score })));
      }
    });

    it("scores a role without required skills by the formula, or finds none and leaves that case to compareRoles and skillOverlap", async () => {
      const [row] = await helper.executeCypher<{ id: string }>(
        "MATCH (r:Role) WHERE NOT (r)-[:REQUIRES_SKILL]->() RETURN r.id AS id ORDER BY id LIMIT 1",
      );
      if (row) {
        const expected = (await expectedRelated(row.id)).slice(0, 20);
        const list = await related(row.id, 20);
        expect(list.map((r) => r.role.id)).toEqual(expected.map((e) => e.id));
        list.forEach((actual, i) => expect(actual.score).toBeCloseTo(expected[i]?.score ?? NaN, 4));
        for (const r of list) expect(r.sharedSkills).toEqual([]);
      } else {
        // Every seeded role requires skills and no test may create one: the nearest edge case,
        // two roles sharing no skill (Jaccard 0), is tested under compareRoles and skillOverlap.
        const [count] = await helper.executeCypher<{ n: number }>(
          "MATCH (r:Role) WHERE r.skillCount = 0 RETURN count(r) AS n",
        );
        expect(count?.n).toBe(0);
      }
    });

    it.each([0, 101, -1])(
      "rejects limit %i with BAD_USER_INPUT naming limit and its range",
      async (limit) => {
        const response = await helper.executeGraphQL(RELATED, { id: "chief-operating-officer", limit });
        expectError(response, "BAD_USER_INPUT", '"limit"', "1 and 100");
      },
    );
  });

  describe("Query.searchRoles", () => {
    interface Hit {
      role: { id: string; title: string; titleFr: string | null; alternativeTitles: string[] };
      score: number;
      matchedTitle: string;
    }
    const SEARCH = /* GraphQL */ `
      query Search($text: String!, $limit: Int) {
        searchRoles(text: $text, limit: $limit) {
          role {
            id
            title
            titleFr
            alternativeTitles
          }
          score
          matchedTitle
        }
      }
    `;
    const onetAlternateTitles = new Set(
      readFileSync(path.join(DEFAULT_SEEDS_DIR, "reference", "onet-29.2", "Alternate Titles.txt"), "utf8")
        .split("\n")
        .slice(1)
        .map((line) => line.split("\t")[1] ?? ""),
    );
    const search = async (text: string, limit?: number) =>
      (await data<{ searchRoles: Hit[] }>(SEARCH, { text, limit })).searchRoles;

    it('finds the supply chain director first for the misspelt "suply chain director"', async () => {
      const [first] = await search("suply chain director");
      expect(first?.role.id).toBe("supply-chain-director");
      expect(first?.matchedTitle).toBe("Supply Chain Director");
    });

    it('finds the logistics director first for the French "directeur logistique", on a French title', async () => {
      const [first] = await search("directeur logistique");
      expect(first?.role.id).toBe("logistics-director");
      expect(first?.matchedTitle.toLowerCase()).toContain("logistique");
    });

    it.each(["suply chain director", "directeur logistique", "operations", "responsable supply chain"])(
      'ranks the hits for "%s" by score, ties by id, each matched on one of its own titles',
      async (text) => {
        const hits = await search(text, 50);
        expect(hits.length).toBeGreaterThan(0);
        expect(hits.length).toBeLessThanOrEqual(50);
        for (let i = 1; i < hits.length; i++) {
          const [prev, next] = [hits[i - 1] as Hit, hits[i] as Hit];
          expect(prev.score).toBeGreaterThanOrEqual(next.score);
          if (prev.score === next.score) expect(byId(prev.role.id, next.role.id)).toBeLessThan(0);
        }
        for (const hit of hits) {
          // A title of the role (its French title included), or an O*NET alternate title of the code
          // it stands for (search only).
          if (!onetAlternateTitles.has(hit.matchedTitle))
            expect([hit.role.title, hit.role.titleFr, ...hit.role.alternativeTitles]).toContain(
              hit.matchedTitle,
            );
        }
        expect(new Set(hits.map((h) => h.role.id)).size).toBe(hits.length);
      },
    );

    it("honours limit, the default being 10", async () => {
      expect(await search("manager")).toHaveLength(10);
      expect(await search("manager", 3)).toHaveLength(3);
    });

    it("keeps ties in id order when the limit cuts through a group of equal scores", async () => {
      // Texts whose every hit fits in 100: the limit-100 answer is the whole ranking, so a smaller
      // limit must return its head.
      let boundaries = 0;
      // ("head" is also read "director" and "manager", which most roles are: not a short list.)
      for (const text of ["consultant", "chief", "officer"]) {
        const all = await search(text, 100);
        expect(all.length).toBeLessThan(100);
        for (let k = 1; k < all.length; k++) {
          if ((all[k - 1] as Hit).score !== (all[k] as Hit).score) continue;
          boundaries++;
          const head = await search(text, k);
          expect(
            head.map((h) => h.role.id),
            `"${text}" with limit ${k}`,
          ).toEqual(all.slice(0, k).map((h) => h.role.id));
        }
      }
      expect(boundaries).toBeGreaterThan(0);
    });

    it("treats query syntax and injection attempts as plain text: 200, data, no error, and the graph unchanged", async () => {
      const before = await helper.graphCounts();
      const [{ nodes: nodesBefore } = { nodes: -1 }] = await helper.executeCypher<{ nodes: number }>(
        "MATCH (n) RETURN count(n) AS nodes",
      );
      const hostile = [
        "title:* OR)",
        ") OR 1=1 //",
        "MATCH (n) DETACH DELETE n",
        '\\"',
        '"\\',
        '"}) MATCH (n) DETACH DELETE n //',
        "a~ b^ c* AND NOT d? [x TO y] {z} +-&&|| !",
        "supply~ chain* (".repeat(20).slice(0, 200),
        "x".repeat(200),
      ];
      for (const text of hostile) {
        expect(text.length).toBeLessThanOrEqual(200);
        const response = await helper.executeGraphQL<{ searchRoles: Hit[] }>(SEARCH, { text });
        expect(response.status, text).toBe(200);
        expect(response.body.errors, text).toBeUndefined();
        expect(Array.isArray(response.body.data?.searchRoles), text).toBe(true);
      }
      const [{ nodes: nodesAfter } = { nodes: -2 }] = await helper.executeCypher<{ nodes: number }>(
        "MATCH (n) RETURN count(n) AS nodes",
      );
      expect(nodesAfter).toBe(nodesBefore);
      expect(await helper.graphCounts()).toEqual(before);
    });

    it.each([
      ["empty", ""],
      ["whitespace-only", " \t\n "],
    ])("rejects %s text with BAD_USER_INPUT naming text", async (_what, text) => {
      expectError(await helper.executeGraphQL(SEARCH, { text }), "BAD_USER_INPUT", '"text"');
    });

    it("rejects a 201-character text with BAD_USER_INPUT naming text and its 200-character bound", async () => {
      const response = await helper.executeGraphQL(SEARCH, { text: "a".repeat(201) });
      expectError(response, "BAD_USER_INPUT", '"text"', "200");
    });

    it.each([0, 101])("rejects limit %i with BAD_USER_INPUT naming limit and its range", async (limit) => {
      const response = await helper.executeGraphQL(SEARCH, { text: "director", limit });
      expectError(response, "BAD_USER_INPUT", '"limit"', "1 and 100");
    });
  });

  describe("Query.careerPaths", () => {
    interface Path {
      roles: Node[];
      steps: number;
      skillsToAcquire: Node[];
      typicalYears: number | null;
    }
    const PATHS = /* GraphQL */ `
      query Paths($from: ID!, $to: ID!, $maxSteps: Int, $limit: Int) {
        careerPaths(from: $from, to: $to, maxSteps: $maxSteps, limit: $limit) {
          roles {
            id
          }
          steps
          skillsToAcquire {
            id
          }
          typicalYears
        }
      }
    `;
    const paths = async (variables: Record<string, unknown>) =>
      (await data<{ careerPaths: Path[] }>(PATHS, variables)).careerPaths;

    /** Every path of 1..maxSteps progressions with no role repeated, shortest first, then by ids. */
    async function simplePaths(from: string, to: string, maxSteps: number): Promise<string[][]> {
      const rows = await helper.executeCypher<{ ids: string[] }>(
        `MATCH p = (:Role {id: $from})-[:PROGRESSES_TO*1..${maxSteps}]->(:Role {id: $to})
         RETURN [n IN nodes(p) | n.id] AS ids`,
        { from, to },
      );
      const unique = new Map<string, string[]>();
      for (const { ids: path } of rows) {
        if (new Set(path).size === path.length) unique.set(path.join(" "), path);
      }
      return [...unique.values()].sort((a, b) => a.length - b.length || compareLists(a, b));
    }

    it("goes from operations manager to CEO along progression edges, shortest first, without repeating a role", async () => {
      const from = "operations-manager";
      const to = "chief-executive-officer";
      const result = await paths({ from, to, maxSteps: 4, limit: 10 });
      expect(result.length).toBeGreaterThan(1);
      const pairs: [string, string][] = [];
      for (const path of result) {
        const roleIds = ids(path.roles);
        expect(roleIds[0]).toBe(from);
        expect(roleIds.at(-1)).toBe(to);
        expect(path.steps).toBe(roleIds.length - 1);
        expect(path.steps).toBeGreaterThanOrEqual(1);
        expect(path.steps).toBeLessThanOrEqual(4);
        expect(new Set(roleIds).size).toBe(roleIds.length);
        for (let i = 1; i < roleIds.length; i++) pairs.push([roleIds[i - 1] as string, roleIds[i] as string]);
      }
      for (let i = 1; i < result.length; i++) {
        expect((result[i - 1] as Path).steps).toBeLessThanOrEqual((result[i] as Path).steps);
      }
      const [edges] = await helper.executeCypher<{ missing: string[][] }>(
        `UNWIND $pairs AS pair
         OPTIONAL MATCH (a:Role {id: pair[0]})-[e:PROGRESSES_TO]->(b:Role {id: pair[1]})
         WITH pair, count(e) AS n WHERE n = 0
         RETURN collect(pair) AS missing`,
        { pairs },
      );
      expect(edges?.missing).toEqual([]);
    });

    it("returns the first paths of the complete ranking (length, then the ids along the path) by default", async () => {
      const expected = await simplePaths("operations-manager", "chief-executive-officer", 4);
      const result = await paths({ from: "operations-manager", to: "chief-executive-officer" });
      expect(result.map((p) => ids(p.roles))).toEqual(expected.slice(0, 3));
    });

    // The career model gives operations managers many moves: at most 3 steps keeps every path
    // within the limit of 100, which this test needs (it asserts so).
    it.each([2, 3])(
      "returns every role-simple path of at most %i steps when the limit of 100 allows them all",
      async (maxSteps) => {
        const expected = await simplePaths("operations-manager", "chief-executive-officer", maxSteps);
        expect(expected.length).toBeLessThanOrEqual(100);
        const result = await paths({
          from: "operations-manager",
          to: "chief-executive-officer",
          maxSteps,
          limit: 100,
        });
        expect(result.map((p) => ids(p.roles))).toEqual(expected);
      },
    );

    it("lists as skills to acquire the essential skills of the later roles of each path that the start lacks", async () => {
      const from = "operations-manager";
      const result = await paths({ from, to: "chief-executive-officer", maxSteps: 4, limit: 3 });
      expect(result.length).toBeGreaterThan(0);
      for (const path of result) {
        const after = ids(path.roles).slice(1);
        const [row] = await helper.executeCypher<{ skills: string[] }>(
          `MATCH (f:Role {id: $from})
           UNWIND $after AS id
           MATCH (:Role {id: id})-[q:REQUIRES_SKILL]->(s:Skill)
           WHERE q.essential AND NOT (f)-[:REQUIRES_SKILL]->(s)
           RETURN collect(DISTINCT s.id) AS skills`,
          { from, after },
        );
        const acquired = ids(path.skillsToAcquire);
        expect(new Set(acquired).size).toBe(acquired.length);
        expect(sortedIds(acquired)).toEqual(sortedIds(row?.skills ?? []));
        expect(acquired.length).toBeGreaterThan(0);
      }
    });

    it("leaves typicalYears null when a move of the path states no typical years", async () => {
      const result = await paths({ from: "operations-manager", to: "chief-executive-officer", limit: 3 });
      for (const path of result) {
        const roleIds = ids(path.roles);
        const pairs = roleIds.slice(1).map((id, i) => [roleIds[i], id]);
        const [row] = await helper.executeCypher<{ stated: number; years: number }>(
          `UNWIND $pairs AS pair
           MATCH (:Role {id: pair[0]})-[e:PROGRESSES_TO]->(:Role {id: pair[1]})
           RETURN count(e.typicalYears) AS stated, sum(coalesce(e.typicalYears, 0)) AS years`,
          { pairs },
        );
        if (row?.stated === pairs.length) expect(path.typicalYears).toBeCloseTo(row.years, 6);
        else expect(path.typicalYears).toBeNull();
      }
    });

    it("gives one path of 0 steps from a role to itself", async () => {
      const result = await paths({ from: "chief-operating-officer", to: "chief-operating-officer" });
      expect(result).toHaveLength(1);
      expect(ids(result[0]?.roles ?? [])).toEqual(["chief-operating-officer"]);
      expect(result[0]?.steps).toBe(0);
      expect(result[0]?.skillsToAcquire).toEqual([]);
    });

    it("returns no path when the shortest progression is longer than maxSteps", async () => {
      const [pair] = await helper.executeCypher<{ from: string; to: string }>(
        `MATCH (a:Role)-[:PROGRESSES_TO]->(:Role)-[:PROGRESSES_TO]->(c:Role)
         WHERE a <> c AND NOT (a)-[:PROGRESSES_TO]->(c)
         RETURN a.id AS from, c.id AS to ORDER BY from, to LIMIT 1`,
      );
      if (!pair) throw new Error("the graph has no two-step progression");
      expect(await paths({ ...pair, maxSteps: 1 })).toEqual([]);
      const longer = await paths({ ...pair, maxSteps: 2 });
      expect(longer.length).toBeGreaterThan(0);
      expect(longer[0]?.steps).toBe(2);
    });

    it.each([
      ["from", { from: "no-such-role-from", to: "chief-executive-officer" }, "no-such-role-from"],
      ["to", { from: "operations-manager", to: "no-such-role-to" }, "no-such-role-to"],
    ])("answers NOT_FOUND naming an unknown %s id", async (_which, variables, id) => {
      expectError(await helper.executeGraphQL(PATHS, variables), "NOT_FOUND", id);
    });

    it.each([
      ["maxSteps", 0, "1 and 6"],
      ["maxSteps", 7, "1 and 6"],
      ["limit", 0, "1 and 100"],
      ["limit", 101, "1 and 100"],
    ])("rejects %s %i with BAD_USER_INPUT naming it and its range", async (argument, value, range) => {
      const response = await helper.executeGraphQL(PATHS, {
        from: "operations-manager",
        to: "chief-executive-officer",
        [argument]: value,
      });
      expectError(response, "BAD_USER_INPUT", `"${argument}"`, range);
    });
  });

  describe("Query.compareRoles", () => {
    interface Comparison {
      from: Node;
      to: Node;
      jaccard: number;
      sharedSkills: Node[];
      missingSkills: Node[];
      extraSkills: Node[];
      sharedTools: Node[];
      toolsToLearn: Node[];
    }
    const COMPARE = /* GraphQL */ `
      query Compare($from: ID!, $to: ID!) {
        compareRoles(from: $from, to: $to) {
          from {
            id
          }
          to {
            id
          }
          jaccard
          sharedSkills {
            id
          }
          missingSkills {
            id
          }
          extraSkills {
            id
          }
          sharedTools {
            id
          }
          toolsToLearn {
            id
          }
        }
      }
    `;
    const compare = async (from: string, to: string) =>
      (await data<{ compareRoles: Comparison }>(COMPARE, { from, to })).compareRoles;

    interface Profile {
      id: string;
      skills: Node[];
      tools: Node[];
      skillsConnection: {
        edges: { properties: { essential: boolean; importance: number | null }; node: Node }[];
      };
    }
    async function generatedProfiles(roleIds: string[]): Promise<Map<string, Profile>> {
      const { roles } = await data<{ roles: Profile[] }>(
        `query Profiles($ids: [ID!]!) {
           roles(where: { id: { in: $ids } }) {
             id skills { id } tools { id }
             skillsConnection { edges { properties { essential importance } node { id } } }
           } }`,
        { ids: roleIds },
      );
      return new Map(roles.map((r) => [r.id, r]));
    }

    it("compares the logistics director with the COO by set arithmetic on skills and tools", async () => {
      const profiles = await generatedProfiles(["logistics-director", "chief-operating-officer"]);
      const from = profiles.get("logistics-director");
      const to = profiles.get("chief-operating-officer");
      if (!from || !to) throw new Error("the generated query misses a role");
      const fromSkills = new Set(ids(from.skills));
      const toSkills = new Set(ids(to.skills));
      const fromTools = new Set(ids(from.tools));
      const toTools = new Set(ids(to.tools));

      const result = await compare("logistics-director", "chief-operating-officer");
      expect(result.from.id).toBe("logistics-director");
      expect(result.to.id).toBe("chief-operating-officer");
      expect(result.jaccard).toBeCloseTo(jaccard(fromSkills, toSkills), 10);
      expect(sortedIds(ids(result.sharedSkills))).toEqual(sortedIds(intersection(fromSkills, toSkills)));
      expect(sortedIds(ids(result.extraSkills))).toEqual(
        sortedIds([...fromSkills].filter((s) => !toSkills.has(s))),
      );
      expect(sortedIds(ids(result.sharedTools))).toEqual(sortedIds(intersection(fromTools, toTools)));
      expect(sortedIds(ids(result.toolsToLearn))).toEqual(
        sortedIds([...toTools].filter((t) => !fromTools.has(t))),
      );
      expect(result.sharedSkills.length).toBeGreaterThan(0);
      expect(result.toolsToLearn.length).toBeGreaterThan(0);
    });

    it("lists the skills the COO needs that the logistics director lacks, essential first, then by importance, then by id", async () => {
      const profiles = await generatedProfiles(["logistics-director", "chief-operating-officer"]);
      const fromSkills = new Set(ids(profiles.get("logistics-director")?.skills ?? []));
      const edges = profiles.get("chief-operating-officer")?.skillsConnection.edges ?? [];
      const expected = edges
        .filter((e) => !fromSkills.has(e.node.id))
        .sort(
          (a, b) =>
            Number(b.properties.essential) - Number(a.properties.essential) ||
            (b.properties.importance ?? -1) - (a.properties.importance ?? -1) ||
            byId(a.node.id, b.node.id),
        )
        .map((e) => e.node.id);
      const result = await compare("logistics-director", "chief-operating-officer");
      const missing = ids(result.missingSkills);
      expect(missing).toEqual(expected);
      const essential = new Set(edges.filter((e) => e.properties.essential).map((e) => e.node.id));
      const firstOptional = missing.findIndex((id) => !essential.has(id));
      expect(firstOptional).toBeGreaterThan(0); // both kinds are present, so the order is tested
      expect(missing.slice(firstOptional).every((id) => !essential.has(id))).toBe(true);
    });

    it("finds a role identical to itself: Jaccard 1, nothing missing, extra or to learn", async () => {
      const sets = await generatedSkillSets(["operations-manager"]);
      const result = await compare("operations-manager", "operations-manager");
      expect(result.jaccard).toBe(1);
      expect(sortedIds(ids(result.sharedSkills))).toEqual(sortedIds(sets.get("operations-manager") ?? []));
      expect(result.missingSkills).toEqual([]);
      expect(result.extraSkills).toEqual([]);
      expect(result.toolsToLearn).toEqual([]);
    });

    it("gives Jaccard 0 and no shared skill for two roles that share no required skill", async () => {
      const [pair] = await helper.executeCypher<{ a: string; b: string }>(
        `MATCH (a:Role), (b:Role)
         WHERE a.id < b.id AND NOT EXISTS { (a)-[:REQUIRES_SKILL]->(:Skill)<-[:REQUIRES_SKILL]-(b) }
         RETURN a.id AS a, b.id AS b ORDER BY a, b LIMIT 1`,
      );
      if (!pair) throw new Error("every two roles share a skill");
      const result = await compare(pair.a, pair.b);
      expect(result.jaccard).toBe(0);
      expect(result.sharedSkills).toEqual([]);
      const sets = await generatedSkillSets([pair.a, pair.b]);
      expect(sortedIds(ids(result.missingSkills))).toEqual(sortedIds(sets.get(pair.b) ?? []));
      expect(sortedIds(ids(result.extraSkills))).toEqual(sortedIds(sets.get(pair.a) ?? []));
    });

    it.each([
      ["from", "no-such-role-a", "chief-operating-officer"],
      ["to", "logistics-director", "no-such-role-b"],
    ])("answers NOT_FOUND naming an unknown %s id", async (which, from, to) => {
      const unknown = which === "from" ? from : to;
      expectError(await helper.executeGraphQL(COMPARE, { from, to }), "NOT_FOUND", unknown);
    });
  });

  describe("Query.skillOverlap", () => {
    interface Overlap {
      roles: Node[];
      pairs: { a: Node; b: Node; jaccard: number; sharedCount: number; sharedSkills: Node[] }[];
      commonToAll: Node[];
    }
    const OVERLAP = /* GraphQL */ `
      query Overlap($roleIds: [ID!]!) {
        skillOverlap(roleIds: $roleIds) {
          roles {
            id
          }
          pairs {
            a {
              id
            }
            b {
              id
            }
            jaccard
            sharedCount
            sharedSkills {
              id
            }
          }
          commonToAll {
            id
          }
        }
      }
    `;
    const overlap = async (roleIds: string[]) =>
      (await data<{ skillOverlap: Overlap }>(OVERLAP, { roleIds })).skillOverlap;

    async function expectOverlapMatches(result: Overlap, distinct: string[]): Promise<void> {
      expect(ids(result.roles)).toEqual(distinct);
      const n = distinct.length;
      expect(result.pairs).toHaveLength((n * (n - 1)) / 2);
      const seen = new Set<string>();
      const position = new Map(distinct.map((id, i) => [id, i]));
      for (const pair of result.pairs) {
        expect(position.get(pair.a.id)).toBeLessThan(position.get(pair.b.id) ?? -1);
        seen.add([pair.a.id, pair.b.id].sort(byId).join(" "));
      }
      expect(seen.size).toBe(result.pairs.length);
      const sets = await generatedSkillSets(distinct);
      for (const pair of result.pairs) {
        const a = sets.get(pair.a.id) ?? new Set<string>();
        const b = sets.get(pair.b.id) ?? new Set<string>();
        const shared = sortedIds(intersection(a, b));
        expect(pair.jaccard, `${pair.a.id} / ${pair.b.id}`).toBeCloseTo(jaccard(a, b), 10);
        expect(pair.sharedCount).toBe(shared.length);
        expect(sortedIds(ids(pair.sharedSkills))).toEqual(shared);
      }
      const all = distinct.map((id) => sets.get(id) ?? new Set<string>());
      const common = [...(all[0] ?? [])].filter((s) => all.every((set) => set.has(s)));
      expect(sortedIds(ids(result.commonToAll))).toEqual(sortedIds(common));
    }

    it("compares four roles, a repeated id counting once, pair by pair and all together", async () => {
      const asked = [
        "chief-operating-officer",
        "logistics-director",
        "chief-operating-officer",
        "supply-chain-director",
        "operations-manager",
      ];
      const result = await overlap(asked);
      await expectOverlapMatches(result, [
        "chief-operating-officer",
        "logistics-director",
        "supply-chain-director",
        "operations-manager",
      ]);
      expect(result.pairs).toHaveLength(6);
    });

    it("compares 50 roles in 1225 pairs", async () => {
      const rows = await helper.executeCypher<{ id: string }>(
        "MATCH (r:Role) RETURN r.id AS id ORDER BY id LIMIT 50",
      );
      expect(rows).toHaveLength(50);
      const result = await overlap(rows.map((r) => r.id));
      expect(result.pairs).toHaveLength(1225);
      await expectOverlapMatches(
        result,
        rows.map((r) => r.id),
      );
    });

    it("gives Jaccard 0 and an empty commonToAll for two roles that share no required skill", async () => {
      const [pair] = await helper.executeCypher<{ a: string; b: string }>(
        `MATCH (a:Role), (b:Role)
         WHERE a.id < b.id AND NOT EXISTS { (a)-[:REQUIRES_SKILL]->(:Skill)<-[:REQUIRES_SKILL]-(b) }
         RETURN a.id AS a, b.id AS b ORDER BY a, b LIMIT 1`,
      );
      if (!pair) throw new Error("every two roles share a skill");
      const result = await overlap([pair.a, pair.b]);
      expect(result.pairs).toEqual([
        { a: { id: pair.a }, b: { id: pair.b }, jaccard: 0, sharedCount: 0, sharedSkills: [] },
      ]);
      expect(result.commonToAll).toEqual([]);
    });

    it("answers a single role with no pairs and all its skills in common", async () => {
      const result = await overlap(["chief-operating-officer", "chief-operating-officer"]);
      expect(ids(result.roles)).toEqual(["chief-operating-officer"]);
      expect(result.pairs).toEqual([]);
      const sets = await generatedSkillSets(["chief-operating-officer"]);
      expect(sortedIds(ids(result.commonToAll))).toEqual(
        sortedIds(sets.get("chief-operating-officer") ?? []),
      );
    });

    it("rejects an empty list with BAD_USER_INPUT naming roleIds", async () => {
      expectError(await helper.executeGraphQL(OVERLAP, { roleIds: [] }), "BAD_USER_INPUT", '"roleIds"');
    });

    it("rejects 51 distinct roles with BAD_USER_INPUT naming roleIds and its bound of 50", async () => {
      const rows = await helper.executeCypher<{ id: string }>(
        "MATCH (r:Role) RETURN r.id AS id ORDER BY id LIMIT 51",
      );
      expect(rows).toHaveLength(51);
      const response = await helper.executeGraphQL(OVERLAP, { roleIds: rows.map((r) => r.id) });
      expectError(response, "BAD_USER_INPUT", '"roleIds"', "50");
    });

    it("answers NOT_FOUND naming an unknown role", async () => {
      const response = await helper.executeGraphQL(OVERLAP, {
        roleIds: ["chief-operating-officer", "no-such-role-overlap"],
      });
      const error = expectError(response, "NOT_FOUND", "no-such-role-overlap");
      expect(error.message).not.toContain("chief-operating-officer");
    });
  });

  describe("Query.rolesBySkills", () => {
    interface Match {
      role: Node;
      matchedSkills: Node[];
      coverage: number;
    }
    const BY_SKILLS = /* GraphQL */ `
      query BySkills($skillIds: [ID!]!, $match: SkillMatch, $limit: Int) {
        rolesBySkills(skillIds: $skillIds, match: $match, limit: $limit) {
          role {
            id
          }
          matchedSkills {
            id
          }
          coverage
        }
      }
    `;
    const bySkills = async (variables: Record<string, unknown>) =>
      (await data<{ rolesBySkills: Match[] }>(BY_SKILLS, variables)).rolesBySkills;

    let asked: string[] = [];

    beforeAll(async () => {
      const wanted = ["manage-staff", "negotiation"];
      const found = await helper.executeCypher<{ id: string }>(
        "MATCH (s:Skill) WHERE s.id IN $ids RETURN s.id AS id",
        { ids: wanted },
      );
      if (found.length === wanted.length) {
        asked = wanted;
      } else {
        const rows = await helper.executeCypher<{ id: string }>(
          `MATCH (s:Skill)<-[:REQUIRES_SKILL]-(:Role)
           RETURN s.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 2`,
        );
        asked = rows.map((r) => r.id);
      }
      expect(asked).toHaveLength(2);
    });

    /** Every role requiring at least one of the skills, with what it matches, ranked as documented. */
    async function expectedMatches(skillIds: string[], match: "ALL" | "ANY"): Promise<Match[]> {
      const distinct = [...new Set(skillIds)];
      const rows = await helper.executeCypher<{ id: string; matched: string[] }>(
        `MATCH (r:Role)-[:REQUIRES_SKILL]->(s:Skill) WHERE s.id IN $ids
         RETURN r.id AS id, collect(DISTINCT s.id) AS matched`,
        { ids: distinct },
      );
      return rows
        .filter((r) => match === "ANY" || r.matched.length === distinct.length)
        .map((r) => ({
          role: { id: r.id },
          matchedSkills: sortedIds(r.matched).map((id) => ({ id })),
          coverage: r.matched.length / distinct.length,
        }))
        .sort((a, b) => b.coverage - a.coverage || byId(a.role.id, b.role.id));
    }

    const normalise = (matches: Match[]) =>
      matches.map((m) => ({
        role: m.role.id,
        matched: sortedIds(ids(m.matchedSkills)),
        coverage: round4(m.coverage),
      }));

    it("with ALL, returns exactly the roles requiring every asked skill, with coverage 1", async () => {
      const expected = await expectedMatches(asked, "ALL");
      expect(expected.length).toBeGreaterThan(0);
      const result = await bySkills({ skillIds: asked, match: "ALL", limit: 100 });
      expect(normalise(result)).toEqual(normalise(expected.slice(0, 100)));
      for (const m of result) {
        expect(m.coverage).toBe(1);
        expect(sortedIds(ids(m.matchedSkills))).toEqual(sortedIds(asked));
      }
    });

    it("with ANY, ranks the roles requiring any asked skill by coverage then id, and includes every ALL result", async () => {
      const expected = await expectedMatches(asked, "ANY");
      const result = await bySkills({ skillIds: asked, match: "ANY", limit: 100 });
      expect(normalise(result)).toEqual(normalise(expected.slice(0, 100)));
      for (const m of result) {
        expect(m.coverage).toBeCloseTo(m.matchedSkills.length / asked.length, 10);
        expect(m.matchedSkills.length).toBeGreaterThan(0);
      }
      const all = await bySkills({ skillIds: asked, match: "ALL", limit: 100 });
      const any = new Set(result.map((m) => m.role.id));
      for (const m of all) expect(any.has(m.role.id), m.role.id).toBe(true);
      expect(result.length).toBeGreaterThan(all.length);
    });

    it("matches ALL by default, ordering several full matches by id", async () => {
      const rows = await helper.executeCypher<{ id: string }>(
        `MATCH (s:Skill)<-[:REQUIRES_SKILL]-(:Role)
         RETURN s.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 2`,
      );
      const common = rows.map((r) => r.id);
      const expected = await expectedMatches(common, "ALL");
      expect(expected.length).toBeGreaterThan(1);
      const result = await bySkills({ skillIds: common });
      expect(result).toHaveLength(Math.min(20, expected.length));
      expect(normalise(result)).toEqual(normalise(expected.slice(0, 20)));
    });

    it("counts a repeated skill id once", async () => {
      const once = await bySkills({ skillIds: asked, match: "ANY", limit: 50 });
      const twice = await bySkills({
        skillIds: [...asked, ...asked, asked[0] as string],
        match: "ANY",
        limit: 50,
      });
      expect(normalise(twice)).toEqual(normalise(once));
      for (const m of twice) expect(m.coverage).toBeLessThanOrEqual(1);
    });

    it("answers NOT_FOUND naming an unknown skill", async () => {
      const response = await helper.executeGraphQL(BY_SKILLS, {
        skillIds: [asked[0], "no-such-skill-x"],
      });
      expectError(response, "NOT_FOUND", "no-such-skill-x");
    });

    it("rejects an empty skill list with BAD_USER_INPUT naming skillIds", async () => {
      expectError(await helper.executeGraphQL(BY_SKILLS, { skillIds: [] }), "BAD_USER_INPUT", '"skillIds"');
    });

    it("rejects 51 distinct skills with BAD_USER_INPUT naming skillIds and its bound of 50", async () => {
      const rows = await helper.executeCypher<{ id: string }>(
        "MATCH (s:Skill) RETURN s.id AS id ORDER BY id LIMIT 51",
      );
      expect(rows).toHaveLength(51);
      const response = await helper.executeGraphQL(BY_SKILLS, { skillIds: rows.map((r) => r.id) });
      expectError(response, "BAD_USER_INPUT", '"skillIds"', "50");
    });

    it.each([0, 101])("rejects limit %i with BAD_USER_INPUT naming limit and its range", async (limit) => {
      const response = await helper.executeGraphQL(BY_SKILLS, { skillIds: asked, limit });
      expectError(response, "BAD_USER_INPUT", '"limit"', "1 and 100");
    });
  });

  describe("Query.sources", () => {
    it("counts each source's contributions as Cypher counts its relationships by type", async () => {
      const { sources } = await data<{
        sources: { id: string; contributions: { relationship: string; count: number }[] }[];
      }>("{ sources { id contributions { relationship count } } }");
      const sourceNodes = await helper.executeCypher<{ id: string }>("MATCH (s:Source) RETURN s.id AS id");
      expect(sortedIds(ids(sources))).toEqual(sortedIds(sourceNodes.map((s) => s.id)));
      const counts = await helper.executeCypher<{ source: string; type: string; n: number }>(
        `MATCH ()-[r]->() WHERE r.source IS NOT NULL
         RETURN r.source AS source, type(r) AS type, count(*) AS n`,
      );
      let checked = 0;
      for (const source of sources) {
        const expected = counts
          .filter((c) => c.source === source.id)
          .map((c) => ({ relationship: c.type, count: c.n }))
          .sort((a, b) => byId(a.relationship, b.relationship));
        const actual = [...source.contributions].sort((a, b) => byId(a.relationship, b.relationship));
        expect(actual, source.id).toEqual(expected);
        checked += actual.length;
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});
