/**
 * The reference data in the graph, checked against counts computed here from the seed files
 * themselves (parsed independently with csv-parse), not against numbers read from the database.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestHelper } from "../utils/test-helper.js";

const seeds = (file: string) => new URL(`../../seeds/reference/${file}`, import.meta.url);
function csv(file: string, delimiter = ","): Record<string, string>[] {
  return parse(readFileSync(seeds(file)), {
    columns: true,
    bom: true,
    delimiter,
    quote: delimiter === "\t" ? false : '"',
    record_delimiter: ["\r\n", "\n"],
  }) as Record<string, string>[];
}

const occupations = csv("esco-v1.1.1/occupations_en.csv");
const skills = csv("esco-v1.1.1/skills_en.csv");
const relations = csv("esco-v1.1.1/occupationSkillRelations.csv");
// The article's skills that are ESCO skills (mappings.yaml) are one node each and keep the
// article's kind; where the article already links its role to such a skill, its edge stays
// and ESCO's same edge is not added twice.
const mappings = parseYaml(readFileSync(seeds("mappings.yaml"), "utf8")) as {
  articleRoles: { role: string; esco: string }[];
  skillEquivalents: { skill: string; esco: string }[];
};
const catalog = parseYaml(
  readFileSync(new URL("../../seeds/article/catalog.yaml", import.meta.url), "utf8"),
) as {
  skills: { id: string; kind: string }[];
};
const articleRoles = parseYaml(
  readFileSync(new URL("../../seeds/article/roles.yaml", import.meta.url), "utf8"),
) as {
  roles: { id: string; skills?: { id: string }[] }[];
};
const equivalent = new Map(mappings.skillEquivalents.map((e) => [e.esco, e.skill]));
const kindOf = new Map(catalog.skills.map((s) => [s.id, s.kind]));
const knowledge = skills.filter((s) =>
  equivalent.has(s.conceptUri as string)
    ? kindOf.get(equivalent.get(s.conceptUri as string) as string) === "KNOWLEDGE"
    : s.skillType === "knowledge",
).length;
const roleByUri = new Map(mappings.articleRoles.map((a) => [a.esco, a.role]));
const articleEdges = new Set(
  articleRoles.roles.flatMap((r) => (r.skills ?? []).map((s) => `${r.id}\u0000${s.id}`)),
);
const twins = relations.filter((r) =>
  articleEdges.has(
    `${roleByUri.get(r.occupationUri as string)}\u0000${equivalent.get(r.skillUri as string)}`,
  ),
).length;

const COO_URI = occupations.find((o) => o.preferredLabel === "chief operating officer")?.conceptUri;
const MANAGE_STAFF_URI = skills.find((s) => s.preferredLabel === "manage staff")?.conceptUri;

describe("ESCO in the graph", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("has one Role per ESCO occupation of the slice, the article's roles included", async () => {
    const [row] = await helper.executeCypher<{ roles: number; withUri: number }>(
      "MATCH (r:Role) RETURN count(r) AS roles, count(r.escoUri) AS withUri",
    );
    expect(row?.withUri).toBe(occupations.length);
    expect(row?.roles).toBe(occupations.length); // the ten article roles enrich ESCO occupations: no twins
  });

  it("has every ESCO skill with its kind, and every occupation-skill relation", async () => {
    const [row] = await helper.executeCypher<{ skills: number; knowledge: number; relations: number }>(
      `MATCH (s:Skill) WHERE s.escoUri IS NOT NULL
       WITH count(s) AS skills, count(CASE WHEN s.kind = "KNOWLEDGE" THEN 1 END) AS knowledge
       MATCH ()-[r:REQUIRES_SKILL {source: "esco-1.1.1"}]->()
       RETURN skills, knowledge, count(r) AS relations`,
    );
    expect(row?.skills).toBe(skills.length);
    expect(row?.knowledge).toBe(knowledge);
    expect(row?.relations).toBe(relations.length - twins);
  });

  it("gives the COO its essential and optional ESCO skills, on the article's own node", async () => {
    const expected = relations.filter((r) => r.occupationUri === COO_URI);
    const response = await helper.executeGraphQL<{
      roles: {
        escoUri: string;
        iscoCode: string;
        skillsConnection: { edges: { properties: { essential: boolean } }[] };
      }[];
    }>(
      `{ roles(where: { id: { eq: "chief-operating-officer" } }) {
          escoUri iscoCode
          skillsConnection(where: { edge: { source: { eq: "esco-1.1.1" } } }) { edges { properties { essential } } }
        } }`,
    );
    const coo = response.body.data?.roles[0];
    expect(coo?.escoUri).toBe(COO_URI);
    expect(coo?.iscoCode).toBe("1120");
    const edges = coo?.skillsConnection.edges ?? [];
    expect(edges.filter((e) => e.properties.essential)).toHaveLength(
      expected.filter((r) => r.relationType === "essential").length,
    );
    expect(edges.filter((e) => !e.properties.essential)).toHaveLength(
      expected.filter((r) => r.relationType === "optional").length,
    );
    expect(expected.filter((r) => r.relationType === "essential")).toHaveLength(21); // as the data README states
  });

  it('counts the roles that require "manage staff" as the file does', async () => {
    const expected = new Set(
      relations.filter((r) => r.skillUri === MANAGE_STAFF_URI).map((r) => r.occupationUri),
    ).size;
    const [row] = await helper.executeCypher<{ n: number }>(
      "MATCH (s:Skill {escoUri: $uri})<-[:REQUIRES_SKILL]-(r:Role) RETURN count(DISTINCT r) AS n",
      { uri: MANAGE_STAFF_URI },
    );
    expect(row?.n).toBe(expected);
    expect(expected).toBe(222);
  });

  it("places roles in ISCO-08 unit groups, in a hierarchy up to the major group", async () => {
    const groups = csv("esco-v1.1.1/ISCOGroups_en.csv");
    const [row] = await helper.executeCypher<{ groups: number; path: string[] }>(
      `MATCH (g:IscoGroup) WITH count(g) AS groups
       MATCH (:Role {id: "logistics-director"})-[:IN_GROUP]->(unit:IscoGroup)-[:BROADER*]->(top:IscoGroup)
       WHERE NOT (top)-[:BROADER]->()
       MATCH p = (unit)-[:BROADER*]->(top)
       RETURN groups, [n IN nodes(p) | n.code] AS path`,
    );
    expect(row?.groups).toBe(groups.length);
    expect(row?.path).toEqual(["1324", "132", "13", "1"]);
  });

  it("groups skills under the ESCO skill hierarchy", async () => {
    const groups = csv("esco-v1.1.1/skillGroups_en.csv");
    const [row] = await helper.executeCypher<{ groups: number; grouped: number }>(
      `MATCH (g:SkillGroup) WITH count(g) AS groups
       MATCH (s:Skill)-[:IN_GROUP]->(:SkillGroup) WHERE s.escoUri IS NOT NULL
       RETURN groups, count(DISTINCT s) AS grouped`,
    );
    expect(row?.groups).toBe(groups.length);
    expect(row?.grouped).toBeGreaterThan(skills.length * 0.9);
  });
});

describe("O*NET, BLS, ROME and derived facts in the graph", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("gives the article's roles their O*NET codes", async () => {
    const rows = await helper.executeCypher<{ id: string; codes: string[] }>(
      `MATCH (r:Role) WHERE r.id IN ["chief-operating-officer", "supply-chain-director", "logistics-director"]
       RETURN r.id AS id, r.onetCodes AS codes ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: "chief-operating-officer", codes: ["11-1011.00", "11-1021.00"] },
      { id: "logistics-director", codes: ["11-3071.00"] },
      { id: "supply-chain-director", codes: ["11-3071.04"] },
    ]);
  });

  it("keeps the article's tools as the same nodes that O*NET's technology skills use", async () => {
    const technology = csv("onet-29.2/Technology Skills.txt", "\t");
    const sapRow = technology.find((t) => t.Example === "SAP software");
    const rows = await helper.executeCypher<{
      id: string;
      n: number;
      hot: boolean;
      commodity: string;
      category: string;
    }>(
      `MATCH (t:Tool) WHERE t.name IN ["SAP", "SAP software"]
       OPTIONAL MATCH (t)<-[u:USES_TOOL]-(:Role)
       RETURN t.id AS id, count(u) AS n, t.hotTechnology AS hot, t.commodityTitle AS commodity, t.category AS category`,
    );
    expect(rows).toHaveLength(1); // one node, not twins
    expect(rows[0]).toMatchObject({
      id: "sap",
      hot: sapRow?.["Hot Technology"] === "Y",
      commodity: sapRow?.["Commodity Title"],
      category: "BI",
    });
    expect(rows[0]?.n).toBeGreaterThan(1);
  });

  it("normalises O*NET skill importance to 0..1 as (IM - 1) / 4", async () => {
    const ratings = csv("onet-29.2/Skills.txt", "\t").filter(
      (r) => r["O*NET-SOC Code"] === "11-3071.04" && r["Scale ID"] === "IM",
    );
    const rows = await helper.executeCypher<{ name: string; importance: number }>(
      `MATCH (:Role {id: "supply-chain-director"})-[r:RATED_SKILL]->(s:Skill) RETURN s.name AS name, r.importance AS importance`,
    );
    expect(rows).toHaveLength(ratings.length);
    for (const rating of ratings) {
      const row = rows.find((r) => r.name === rating["Element Name"]);
      expect(row?.importance, rating["Element Name"]).toBeCloseTo((Number(rating["Data Value"]) - 1) / 4, 3);
    }
  });

  it("keeps the article's euro bands beside BLS's dollar bands, never mixed", async () => {
    const bls = csv("bls-oews-may2024/national_M2024_dl.management.csv").find(
      (r) => r.OCC_CODE === "11-3071",
    );
    const bands = await helper.executeCypher<{
      currency: string;
      country: string;
      year: number | null;
      median: number | null;
    }>(
      `MATCH (:Role {id: "logistics-director"})-[:HAS_SALARY_BAND]->(b) RETURN b.currency AS currency, b.country AS country, b.year AS year, b.median AS median`,
    );
    expect(bands).toEqual([{ currency: "USD", country: "US", year: 2024, median: Number(bls?.A_MEDIAN) }]);
    const [mixed] = await helper.executeCypher<{ n: number }>(
      `MATCH (b:SalaryBand) WHERE NOT ((b.currency = "EUR" AND b.country = "FR") OR (b.currency = "USD" AND b.country = "US" AND b.year = 2024))
       RETURN count(b) AS n`,
    );
    expect(mixed?.n).toBe(0);
    const [coo] = await helper.executeCypher<{ eur: number; usd: number }>(
      `MATCH (:Role {id: "chief-operating-officer"})-[:HAS_SALARY_BAND]->(b)
       RETURN count(CASE b.currency WHEN "EUR" THEN 1 END) AS eur, count(CASE b.currency WHEN "USD" THEN 1 END) AS usd`,
    );
    expect(coo).toEqual({ eur: 3, usd: 2 });
  });

  it.each([
    ["directeur logistique", "logistics-director"],
    ["directeur des opérations", "chief-operating-officer"],
    ["DRH", "human-resources-director"],
    ["responsable supply chain", "supply-chain-director"],
  ])('finds "%s" among the French titles of %s', async (text, roleId) => {
    const rows = await helper.executeCypher<{ id: string }>(
      `CALL db.index.fulltext.queryNodes("role_titles", $q) YIELD node RETURN node.id AS id LIMIT 5`,
      { q: `"${text}"` },
    );
    expect(rows.map((r) => r.id)).toContain(roleId);
  });

  it("derives sectors from ISCO-08 unit groups without touching curated ones", async () => {
    const rows = await helper.executeCypher<{
      role: string;
      sector: string;
      source: string;
      evidence: string | null;
    }>(
      `MATCH (r:Role)-[w:WORKS_IN]->(s:Sector) WHERE r.id IN ["chief-operating-officer", "logistics-director"]
       RETURN r.id AS role, s.id AS sector, w.source AS source, w.evidence AS evidence ORDER BY role, sector`,
    );
    expect(rows.filter((r) => r.role === "chief-operating-officer").map((r) => r.source)).toEqual(
      Array(4).fill("article"),
    );
    expect(rows.filter((r) => r.role === "logistics-director")).toEqual([
      {
        role: "logistics-director",
        sector: "transport-logistics-and-distribution",
        source: "derived",
        evidence: "DERIVED",
      },
    ]);
  });

  it("takes progressions from O*NET, ROME and ESCO as REFERENCE, derives the feasible ones as DERIVED, and keeps the curated ones", async () => {
    const rows = await helper.executeCypher<{ source: string; evidence: string; n: number }>(
      `MATCH ()-[p:PROGRESSES_TO]->() RETURN p.source AS source, p.evidence AS evidence, count(*) AS n ORDER BY source`,
    );
    const bySource = Object.fromEntries(rows.map((r) => [r.source, r]));
    expect(bySource.article).toMatchObject({ evidence: "ARTICLE", n: 4 });
    expect(bySource.curated).toMatchObject({ evidence: "CURATED", n: 4 });
    expect(bySource["onet-29.2"]?.evidence).toBe("REFERENCE");
    expect(bySource["rome-v460"]?.evidence).toBe("REFERENCE");
    expect(bySource["esco-1.1.1"]?.evidence).toBe("REFERENCE");
    expect(bySource.derived?.evidence).toBe("DERIVED");
    expect(rows.map((r) => `${r.source} ${r.evidence}`)).toHaveLength(
      new Set(rows.map((r) => r.source)).size,
    );
  });

  it("lists every source with its attribution and what it contributed", async () => {
    const response = await helper.executeGraphQL<{
      sources: {
        id: string;
        attribution: string;
        contributions: { relationship: string; count: number }[];
      }[];
    }>("{ sources(sort: [{ id: ASC }]) { id attribution contributions { relationship count } } }");
    const sources = response.body.data?.sources ?? [];
    expect(sources.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        "article",
        "esco-1.1.1",
        "onet-29.2",
        "rome-v460",
        "bls-oews-2024",
        "curated",
        "derived",
      ]),
    );
    const attribution = readFileSync(seeds("ATTRIBUTION.md"), "utf8");
    expect(attribution).toContain("USDOL/ETA has not approved, endorsed, or tested these modifications");
    expect(sources.find((s) => s.id === "onet-29.2")?.attribution).toContain(
      "USDOL/ETA has not approved, endorsed, or tested these modifications",
    );
    const esco = sources.find((s) => s.id === "esco-1.1.1");
    expect(esco?.contributions.find((c) => c.relationship === "REQUIRES_SKILL")?.count).toBe(
      relations.length - twins,
    );
  });
});
