/**
 * The COO's whole profile, read through the GraphQL API, checked against the article's facts.
 * Each expected phrase is first checked to occur in the article itself, so these lists are the
 * article's, not numbers copied from the database.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURATED_ROLE_IDS } from "../utils/known-ids.js";
import { TestHelper } from "../utils/test-helper.js";

const article = readFileSync(new URL("../../seeds/article/source-article.txt", import.meta.url), "utf8")
  .replace(/\s+/g, " ")
  .toLowerCase();

/** Fails when a phrase is not in the article, so the lists below cannot drift from it. */
function fromArticle(...phrases: string[]): string[] {
  for (const phrase of phrases)
    expect(article, `"${phrase}" is not in the article`).toContain(phrase.toLowerCase());
  return phrases;
}

const PROFILE = /* GraphQL */ `
  query Profile($id: ID!) {
    roles(where: { id: { eq: $id } }) {
      id
      title
      alternativeTitles
      seniority
      educationNote
      experienceNote
      missions {
        title
      }
      skillsConnection(where: { edge: { source: { eq: "article" } } }) {
        edges {
          properties {
            essential
            source
          }
          node {
            name
            kind
          }
        }
      }
      articleTools: toolsConnection(where: { edge: { source: { eq: "article" } } }) {
        edges {
          node {
            name
            category
          }
        }
      }
      sectors {
        name
      }
      employerTypes {
        name
      }
      qualifications {
        name
        offeredBy {
          name
        }
      }
      salaryBands(where: { currency: { eq: "EUR" } }) {
        minExperienceYears
        maxExperienceYears
        minAnnualGross
        maxAnnualGross
        currency
        country
      }
      challenges {
        title
      }
      relatedTo {
        title
      }
      nextRolesConnection {
        edges {
          properties {
            kind
            evidence
            source
          }
          node {
            id
            title
            alternativeTitles
          }
        }
      }
      previousRolesConnection {
        edges {
          properties {
            evidence
            source
            note
          }
          node {
            id
          }
        }
      }
      toolsConnection {
        edges {
          properties {
            source
          }
          node {
            name
          }
        }
      }
      missionsConnection {
        edges {
          properties {
            source
          }
        }
      }
    }
  }
`;

interface Profile {
  id: string;
  title: string;
  alternativeTitles: string[];
  seniority: string;
  educationNote: string;
  experienceNote: string;
  missions: { title: string }[];
  skillsConnection: {
    edges: { properties: { essential: boolean; source: string }; node: { name: string; kind: string } }[];
  };
  articleTools: { edges: { node: { name: string; category: string } }[] };
  tools: { name: string; category: string }[];
  sectors: { name: string }[];
  employerTypes: { name: string }[];
  qualifications: { name: string; offeredBy: { name: string }[] }[];
  salaryBands: {
    minExperienceYears: number;
    maxExperienceYears: number | null;
    minAnnualGross: number;
    maxAnnualGross: number | null;
    currency: string;
    country: string;
  }[];
  challenges: { title: string }[];
  relatedTo: { title: string }[];
  nextRolesConnection: {
    edges: {
      properties: { kind: string; evidence: string; source: string };
      node: { id: string; title: string; alternativeTitles: string[] };
    }[];
  };
  previousRolesConnection: {
    edges: { properties: { evidence: string; source: string; note: string }; node: { id: string } }[];
  };
  toolsConnection: { edges: { properties: { source: string }; node: { name: string } }[] };
  missionsConnection: { edges: { properties: { source: string } }[] };
}

const sorted = (xs: string[]) => [...xs].sort((a, b) => a.localeCompare(b));

describe("The COO profile served by the API matches the article", () => {
  const helper = new TestHelper();
  let coo: Profile;

  beforeAll(async () => {
    await helper.start();
    const response = await helper.executeGraphQL<{ roles: Profile[] }>(PROFILE, {
      id: "chief-operating-officer",
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.roles).toHaveLength(1);
    const [first] = response.body.data?.roles ?? [];
    if (!first) throw new Error("the COO is missing from the graph");
    coo = { ...first, tools: first.articleTools.edges.map((e) => e.node) };
  });
  afterAll(() => helper.close());

  it("is titled as the article names the role", () => {
    expect(coo.title).toBe("Chief Operating Officer (Operations Director)");
    fromArticle("Chief Operating Officer (COO)", "Operations Director");
    expect(coo.alternativeTitles).toEqual(expect.arrayContaining(["Operations Director", "COO"]));
    expect(coo.alternativeTitles.some((t) => /directeur|directrice/i.test(t))).toBe(true);
  });

  it("has the article's five missions", () => {
    const missions = fromArticle(
      "Operational management and process optimisation",
      "Monitoring operational performance",
      "Operational strategy and business development",
      "Risk management and compliance",
      "Administrative and HR supervision",
    );
    expect(sorted(coo.missions.map((m) => m.title))).toEqual(sorted(missions));
  });

  it("requires the article's professional and personal skills", () => {
    fromArticle(
      "Professional skills",
      "Personal skills",
      "Communication skills",
      "Analytical skills",
      "Adaptability",
    );
    const edges = coo.skillsConnection.edges;
    expect(edges).toHaveLength(10);
    expect(edges.filter((e) => e.node.kind === "PERSONAL")).toHaveLength(5);
    expect(edges.every((e) => e.properties.source === "article" && e.properties.essential)).toBe(true);
  });

  it("uses the article's ten tools, in the article's categories", () => {
    const names = fromArticle(
      "Tableau",
      "Power BI",
      "SAP",
      "Microsoft Project",
      "Trello",
      "Asana",
      "Workday",
      "BambooHR",
    );
    fromArticle("ERP (Enterprise Resource Planning)", "WMS (Warehouse Management Systems)");
    expect(coo.tools).toHaveLength(10);
    const byName = new Map(coo.tools.map((t) => [t.name, t.category]));
    for (const name of names) expect(byName.has(name), name).toBe(true);
    expect(byName.get("Tableau")).toBe("BI");
    expect(byName.get("Microsoft Project")).toBe("PROJECT_MANAGEMENT");
    expect(byName.get("Workday")).toBe("HRM");
    expect(coo.tools.filter((t) => t.category === "ERP" || t.category === "WMS")).toHaveLength(2);
  });

  it("works in the article's four sectors and four employer types", () => {
    const sectors = fromArticle(
      "Industry",
      "Technology",
      "Financial Services",
      "Healthcare and pharmaceuticals",
    );
    expect(sorted(coo.sectors.map((s) => s.name.toLowerCase()))).toEqual(
      sorted(sectors.map((s) => s.toLowerCase())),
    );
    fromArticle(
      "Large companies and international groups",
      "SMEs and start-ups",
      "Non-profit organisations and associations",
    );
    expect(coo.employerTypes).toHaveLength(4);
  });

  it("lists the qualifications, with the MSc offered by EM Normandie", () => {
    fromArticle(
      "MBA in business management",
      "Master's degree in operations management",
      "MSc International Marketing and Business Development",
    );
    const names = coo.qualifications.map((q) => q.name);
    expect(names).toEqual(
      expect.arrayContaining(["MBA in business management", "Master's degree in operations management"]),
    );
    const msc = coo.qualifications.find(
      (q) => q.name === "MSc International Marketing and Business Development",
    );
    expect(msc?.offeredBy.map((i) => i.name)).toEqual(["EM Normandie"]);
    expect(coo.educationNote).toMatch(/5-year degree/);
    expect(coo.experienceNote).toMatch(/operations management assistant/);
  });

  it("has the three French salary bands of the article, in euros", () => {
    fromArticle("€50,000 - €70,000", "€70,000 - €100,000", "€100,000 and more");
    const bands = [...coo.salaryBands].sort((a, b) => a.minAnnualGross - b.minAnnualGross);
    expect(bands.map((b) => [b.minAnnualGross, b.maxAnnualGross])).toEqual([
      [50000, 70000],
      [70000, 100000],
      [100000, null],
    ]);
    expect(bands.map((b) => [b.minExperienceYears, b.maxExperienceYears])).toEqual([
      [0, 2],
      [2, 5],
      [5, null],
    ]);
    expect(new Set(bands.map((b) => `${b.currency}/${b.country}`))).toEqual(new Set(["EUR/FR"]));
  });

  it("faces the article's three challenges", () => {
    const challenges = fromArticle(
      "Rapidly evolving technologies and business processes",
      "Managing quality and operational efficiency",
      "Performance analysis and return on investment (ROI)",
    );
    expect(sorted(coo.challenges.map((c) => c.title))).toEqual(sorted(challenges));
  });

  it("is related to the article's five related jobs", () => {
    const related = fromArticle(
      "Production Manager",
      "Operations Manager",
      "Supply Chain Director",
      "Logistics Director",
      "Human Resources Director",
    );
    expect(sorted(coo.relatedTo.map((r) => r.title))).toEqual(sorted(related));
  });

  it("progresses to the roles of the article's career-development section", () => {
    fromArticle(
      "Managing Director or Chief Executive Officer (CEO)",
      "operations management consultant",
      "operational strategist",
      "digital transformation consultant",
    );
    const next = coo.nextRolesConnection.edges;
    expect(sorted(next.map((e) => e.node.id))).toEqual(
      sorted([
        "chief-executive-officer",
        "operations-management-consultant",
        "operational-strategist",
        "digital-transformation-consultant",
      ]),
    );
    expect(next.every((e) => e.properties.evidence === "ARTICLE" && e.properties.source === "article")).toBe(
      true,
    );
    const ceo = next.find((e) => e.node.id === "chief-executive-officer");
    expect(ceo?.properties.kind).toBe("ADVANCEMENT");
    expect(ceo?.node.alternativeTitles).toContain("Managing Director");
  });

  it("is fed by curated progressions from the operations roles, each explained", () => {
    // The career model adds moves from other sources and derived ones; the curated ones are these.
    const feeders = coo.previousRolesConnection.edges.filter(
      (e) => (e.properties as { evidence?: string }).evidence === "CURATED",
    );
    expect(sorted(feeders.map((e) => e.node.id))).toEqual(
      sorted(["operations-manager", "production-manager", "supply-chain-director", "logistics-director"]),
    );
    for (const edge of feeders) {
      expect(edge.properties).toMatchObject({ evidence: "CURATED", source: "curated" });
      expect(edge.properties.note.length).toBeGreaterThan(20);
    }
  });

  it("records the article as the source of its facts, and O*NET as the source of the tools it adds", () => {
    expect(new Set(coo.missionsConnection.edges.map((e) => e.properties.source))).toEqual(
      new Set(["article"]),
    );
    const articleTools = new Set(coo.tools.map((t) => t.name));
    for (const edge of coo.toolsConnection.edges) {
      expect(edge.properties.source, edge.node.name).toBe(
        articleTools.has(edge.node.name) ? "article" : "onet-29.2",
      );
    }
  });
});

describe("The article's other roles", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("all exist with the ids of the design, with English and French titles", async () => {
    const ids = [...CURATED_ROLE_IDS];
    const response = await helper.executeGraphQL<{ roles: { id: string; alternativeTitles: string[] }[] }>(
      `query($ids: [ID!]!) { roles(where: { id: { in: $ids } }) { id alternativeTitles } }`,
      { ids },
    );
    const roles = response.body.data?.roles ?? [];
    expect(sorted(roles.map((r) => r.id))).toEqual(sorted(ids));
    const french = /\b(directeur|directrice|responsable|consultant|DRH|PDG|stratège|chef)\b/i;
    for (const role of roles)
      expect(
        role.alternativeTitles.some((t) => french.test(t)),
        role.id,
      ).toBe(true);
  });

  it("every relationship in the graph names an existing Source", async () => {
    const rows = await helper.executeCypher<{ type: string; source: string | null }>(
      `MATCH ()-[r]->()
       OPTIONAL MATCH (s:Source {id: r.source})
       WITH type(r) AS type, r.source AS source, s
       WHERE s IS NULL
       RETURN type, source LIMIT 5`,
    );
    expect(rows).toEqual([]);
  });
});
