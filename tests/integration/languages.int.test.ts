/**
 * Names and titles in English or French (graph/schema/language.graphql): every role has a French
 * title or falls back to English, as the seed files say; the language of each value is stated.
 * Expected values come from the seed files (ESCO French labels), read here with csv-parse.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEEDS_DIR } from "../../src/seed/pipeline.js";
import { TestHelper } from "../utils/test-helper.js";

const FR_DIR = path.join(DEFAULT_SEEDS_DIR, "reference", "esco-v1.0.x-fr-labels");

/** conceptUri → French preferred label (non-empty) of an ESCO French label file. */
function frenchLabels(file: string): Map<string, string> {
  const rows = parse(readFileSync(path.join(FR_DIR, file), "utf8"), { columns: true }) as {
    conceptUri: string;
    preferredLabel: string;
  }[];
  return new Map(
    rows.filter((r) => r.preferredLabel.length > 0).map((r) => [r.conceptUri, r.preferredLabel]),
  );
}

interface LocalisedRole {
  id: string;
  title: string;
  escoUri: string | null;
  titleFr: string | null;
  fr: string;
  frLang: string;
  en: string;
  enLang: string;
}

describe("Names and titles in English and French", () => {
  const helper = new TestHelper();
  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await helper.executeGraphQL<T>(query, variables);
    expect(response.body.errors).toBeUndefined();
    return response.body.data as T;
  }

  it("gives every role a French title from ESCO's French labels, or states the English fallback", async () => {
    const expected = frenchLabels("occupations_fr.csv");
    const roles: LocalisedRole[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await data<{ roles: LocalisedRole[] }>(
        `query ($offset: Int!) {
          roles(limit: 100, offset: $offset, sort: [{ id: ASC }]) {
            id title escoUri titleFr
            fr: titleIn(lang: FR) frLang: titleLang(lang: FR)
            en: titleIn(lang: EN) enLang: titleLang(lang: EN)
          }
        }`,
        { offset },
      );
      roles.push(...page.roles);
      if (page.roles.length < 100) break;
    }
    const [{ total } = { total: -1 }] = await helper.executeCypher<{ total: number }>(
      "MATCH (r:Role) RETURN count(r) AS total",
    );
    expect(roles).toHaveLength(total);
    let french = 0;
    for (const role of roles) {
      const label = role.escoUri ? expected.get(role.escoUri) : undefined;
      expect(role.en, role.id).toBe(role.title);
      expect(role.enLang, role.id).toBe("EN");
      if (label) {
        french++;
        expect(role.titleFr, role.id).toBe(label);
        expect(role.fr, role.id).toBe(label);
        expect(role.frLang, role.id).toBe("FR");
      } else {
        expect(role.titleFr, role.id).toBeNull();
        expect(role.fr, role.id).toBe(role.title);
        expect(role.frLang, role.id).toBe("EN");
      }
    }
    // The slice's French file covers most occupations; the fallback is the exception.
    expect(french).toBeGreaterThan(roles.length / 2);
    expect(french).toBeLessThan(roles.length);
  });

  it("answers skills and ISCO groups in French where ESCO has a French label, else in English", async () => {
    const skillsFr = frenchLabels("skills_fr.csv");
    const groupsFr = frenchLabels("ISCOGroups_fr.csv");
    const { roles } = await data<{
      roles: {
        iscoGroup: { title: string; fr: string; lang: string } | null;
        skills: { name: string; escoUri: string | null; fr: string; lang: string }[];
      }[];
    }>(`{
      roles(where: { id: { eq: "operations-manager" } }) {
        iscoGroup { title fr: titleIn(lang: FR) lang: titleLang(lang: FR) }
        skills { name escoUri fr: nameIn(lang: FR) lang: nameLang(lang: FR) }
      }
    }`);
    const [role] = roles;
    expect(role?.skills.length).toBeGreaterThan(0);
    for (const skill of role?.skills ?? []) {
      const label = skill.escoUri ? skillsFr.get(skill.escoUri) : undefined;
      expect(skill.fr).toBe(label ?? skill.name);
      expect(skill.lang).toBe(label ? "FR" : "EN");
    }
    expect(role?.skills.some((s) => s.lang === "FR")).toBe(true);
    const [{ uri } = { uri: "" }] = await helper.executeCypher<{ uri: string }>(
      "MATCH (:Role {id: 'operations-manager'})-[:IN_GROUP]->(g:IscoGroup) RETURN g.code AS uri",
    );
    const groupLabel = [...groupsFr.entries()].find(([u]) => u.endsWith(`/C${uri}`))?.[1];
    expect(role?.iscoGroup?.fr).toBe(groupLabel ?? role?.iscoGroup?.title);
    expect(role?.iscoGroup?.lang).toBe(groupLabel ? "FR" : "EN");
  });

  it("falls back to English for sectors and missions, and says so", async () => {
    const { sectors, missions } = await data<{
      sectors: { name: string; fr: string; lang: string }[];
      missions: { title: string; fr: string; lang: string }[];
    }>(`{
      sectors { name fr: nameIn(lang: FR) lang: nameLang(lang: FR) }
      missions { title fr: titleIn(lang: FR) lang: titleLang(lang: FR) }
    }`);
    expect(sectors.length).toBeGreaterThan(0);
    expect(missions.length).toBeGreaterThan(0);
    for (const s of sectors) expect([s.fr, s.lang]).toEqual([s.name, "EN"]);
    for (const m of missions) expect([m.fr, m.lang]).toEqual([m.title, "EN"]);
  });

  it("keeps ROME titles of another job off a mapped role: operations manager has no pharmacist or engineer title", async () => {
    const { roles } = await data<{ roles: { alternativeTitles: string[] }[] }>(
      `{ roles(where: { id: { eq: "operations-manager" } }) { alternativeTitles } }`,
    );
    const titles = roles[0]?.alternativeTitles ?? [];
    // ROME's "Responsable d'exploitation" names the same job (an ESCO French label writes it in lower case).
    expect(titles.map((t) => t.toLowerCase())).toContain("responsable d'exploitation");
    expect(titles.filter((t) => /^(Pharmacien|Ingénieur|Diététicien|Assistant)/.test(t))).toEqual([]);
  });

  it("searches in French and says which language matched", async () => {
    const { searchRoles } = await data<{
      searchRoles: { role: { id: string; title: string }; matchedTitle: string; matchedLanguage: string }[];
    }>(`{
      searchRoles(text: "directrice des ressources humaines", limit: 3, lang: FR) {
        role { id title: titleIn(lang: FR) } matchedTitle matchedLanguage
      }
    }`);
    expect(searchRoles[0]?.role.id).toBe("human-resources-director");
    expect(searchRoles[0]?.matchedLanguage).toBe("FR");
    expect(searchRoles[0]?.role.title).toMatch(/ressources humaines/);
  });
});
