import { z } from "zod";
import { readTable } from "../csv.js";
import { pattern, SeedProblem, type GraphBatch, type Position } from "../graph-batch.js";
import type { EscoIndex } from "./esco.js";
import { slugify } from "./ids.js";
import type { ReadMappings } from "./mappings.js";

const ONET = "reference/onet-29.2";
const SOURCE = "onet-29.2";
const code = z.string().regex(/^\d{2}-\d{4}\.\d{2}$/, "must be an O*NET-SOC code like 11-1021.00");
const number = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, "must be a number")
  .transform(Number);

const occupationRow = z.object({ "O*NET-SOC Code": code, Title: z.string().min(1) });
const alternateTitleRow = z.object({ "O*NET-SOC Code": code, "Alternate Title": z.string().min(1) });
const crosswalkRow = z.object({
  concept_uri: z.string().min(1),
  onet_code: code,
  confidence: number,
  semantic_similarity: number,
});
const skillRatingRow = z.object({
  "O*NET-SOC Code": code,
  "Element ID": z.string().min(1),
  "Element Name": z.string().min(1),
  "Scale ID": z.enum(["IM", "LV"]),
  "Data Value": number,
});
const technologyRow = z.object({
  "O*NET-SOC Code": code,
  Example: z.string().min(1),
  "Commodity Code": z.string().regex(/^\d+$/, "must be a UNSPSC commodity code"),
  "Commodity Title": z.string().min(1),
  "Hot Technology": z.enum(["Y", "N"]),
});
const relatedRow = z.object({
  "O*NET-SOC Code": code,
  "Related O*NET-SOC Code": code,
  "Relatedness Tier": z.enum(["Primary-Short", "Primary-Long", "Supplemental"]),
  Index: z.string().regex(/^\d+$/).transform(Number),
});

/** Which role stands for each O*NET code, and each role's codes in order of preference. */
export interface OnetIndex {
  codesByRole: Map<string, string[]>;
  primaryRoleByCode: Map<string, string>;
}

/**
 * Joins roles to O*NET codes (curated table, then the Nesta crosswalk by confidence, then exact
 * alternate-title matches) and loads the O*NET facts of each code into the graph.
 */
export async function readOnet(
  dir: string,
  batch: GraphBatch,
  { data: mappings, at }: ReadMappings,
  esco: EscoIndex,
): Promise<OnetIndex> {
  const problems = batch.problems;
  const read = <T extends z.ZodType>(file: string, row: T, delimiter: "," | "\t" = "\t") =>
    readTable({ dir, file, delimiter, row, problems });

  const titles = new Map<string, string>();
  for (const { value } of await read(`${ONET}/Occupation Data.txt`, occupationRow)) {
    titles.set(value["O*NET-SOC Code"], value.Title);
  }

  // 1. Curated codes of the article's roles, in the table's order.
  const codesByRole = new Map<string, string[]>();
  const add = (role: string, c: string) => {
    const list = codesByRole.get(role) ?? [];
    if (!list.includes(c)) list.push(c);
    codesByRole.set(role, list);
  };
  mappings.articleRoles.forEach((m, i) => {
    m.onet.forEach((c, j) => {
      if (!titles.has(c)) {
        problems.push(
          new SeedProblem(
            at(["articleRoles", i, "onet", j]),
            `O*NET code ${c} of ${m.role} is not in O*NET 29.2`,
          ),
        );
      } else {
        add(m.role, c);
      }
    });
  });
  const curatedRoles = new Set(mappings.articleRoles.map((m) => m.role));

  // 2. The Nesta crosswalk (O*NET-SOC 2010 codes brought up to date), best confidence first.
  const crosswalk = (await read("reference/crosswalks/esco_onet_crosswalk_Nov2020.csv", crosswalkRow, ","))
    .map(({ value }) => ({
      ...value,
      onet_code: mappings.onetCodeUpdates[value.onet_code] ?? value.onet_code,
    }))
    .filter((row) => titles.has(row.onet_code) && esco.roleByUri.has(row.concept_uri))
    .sort((a, b) => b.confidence - a.confidence || b.semantic_similarity - a.semantic_similarity);
  const crosswalkRank = new Map<string, { role: string; confidence: number; similarity: number }[]>();
  for (const row of crosswalk) {
    const role = esco.roleByUri.get(row.concept_uri) as string;
    if (!curatedRoles.has(role)) add(role, row.onet_code);
    const ranked = crosswalkRank.get(row.onet_code) ?? [];
    ranked.push({ role, confidence: row.confidence, similarity: row.semantic_similarity });
    crosswalkRank.set(row.onet_code, ranked);
  }

  // 3. Exact (case-insensitive) matches of a role's English labels with O*NET alternate titles.
  const codesByTitle = new Map<string, Set<string>>();
  for (const { value } of await read(`${ONET}/Alternate Titles.txt`, alternateTitleRow)) {
    const key = value["Alternate Title"].toLowerCase();
    const set = codesByTitle.get(key) ?? new Set<string>();
    set.add(value["O*NET-SOC Code"]);
    codesByTitle.set(key, set);
  }
  for (const [role, labels] of esco.labelsByRole) {
    if (curatedRoles.has(role)) continue;
    for (const label of labels.en) {
      for (const c of [...(codesByTitle.get(label.toLowerCase()) ?? [])].sort()) add(role, c);
    }
  }

  // The role that stands for a code: a curated role (the one with fewest codes), else the
  // crosswalk's most confident role, else the first role matched by title.
  const primaryRoleByCode = new Map<string, string>();
  for (const c of [...titles.keys()].sort()) {
    const curated = mappings.articleRoles
      .filter((m) => m.onet.includes(c))
      .sort((a, b) => a.onet.length - b.onet.length || a.role.localeCompare(b.role))[0]?.role;
    const crosswalked = crosswalkRank.get(c)?.find((r) => !curatedRoles.has(r.role))?.role;
    const titled = [...codesByRole.entries()]
      .filter(([, codes]) => codes.includes(c))
      .map(([r]) => r)
      .sort()[0];
    const primary = curated ?? crosswalked ?? titled;
    if (primary) primaryRoleByCode.set(c, primary);
  }
  for (const [role, codes] of codesByRole) batch.mergeNode("Role", role, { onetCodes: codes });

  // Skill ratings of each role's first code, as a separate rating on O*NET's own skills.
  const ratings = new Map<string, Map<string, { name: string; IM?: number; LV?: number; where: Position }>>();
  for (const { value, where } of await read(`${ONET}/Skills.txt`, skillRatingRow)) {
    const byElement = ratings.get(value["O*NET-SOC Code"]) ?? new Map();
    const entry = byElement.get(value["Element ID"]) ?? { name: value["Element Name"], where };
    entry[value["Scale ID"]] = value["Data Value"];
    byElement.set(value["Element ID"], entry);
    ratings.set(value["O*NET-SOC Code"], byElement);
  }
  const onetSkillId = (name: string) => `onet-${slugify(name)}`;
  for (const byElement of ratings.values()) {
    for (const [element, entry] of byElement) {
      if (!batch.hasNode("Skill", onetSkillId(entry.name))) {
        batch.addNode(
          "Skill",
          onetSkillId(entry.name),
          { name: entry.name, kind: "SKILL", onetElementId: element, description: null },
          entry.where,
        );
      }
    }
  }
  for (const [role, codes] of codesByRole) {
    const first = codes[0];
    for (const entry of (first && ratings.get(first)?.values()) || []) {
      if (entry.IM === undefined) continue;
      batch.addRelationship(
        pattern("Role", "RATED_SKILL", "Skill"),
        role,
        onetSkillId(entry.name),
        {
          importance: (entry.IM - 1) / 4,
          level: entry.LV === undefined ? null : round(entry.LV / 7),
          importanceRaw: entry.IM,
          levelRaw: entry.LV ?? null,
          onetCode: first as string,
          source: SOURCE,
        },
        entry.where,
      );
    }
  }

  // Technology skills: Tool nodes (the article's tools are the same nodes), used by the roles whose first code lists them.
  const toolByExample = new Map<string, string>();
  for (const [tool, examples] of Object.entries(mappings.toolExamples)) {
    if (!batch.hasNode("Tool", tool)) {
      problems.push(new SeedProblem(at(["toolExamples", tool]), `toolExamples: unknown tool "${tool}"`));
      continue;
    }
    for (const example of examples) toolByExample.set(example, tool);
  }
  const rolesByFirstCode = new Map<string, string[]>();
  for (const [role, codes] of codesByRole) {
    const first = codes[0] as string;
    rolesByFirstCode.set(first, [...(rolesByFirstCode.get(first) ?? []), role]);
  }
  for (const { value: t, where } of await read(`${ONET}/Technology Skills.txt`, technologyRow)) {
    let tool = toolByExample.get(t.Example);
    const facts = {
      commodityCode: t["Commodity Code"],
      commodityTitle: t["Commodity Title"],
      hotTechnology: t["Hot Technology"] === "Y",
    };
    if (tool) {
      batch.mergeNode("Tool", tool, facts);
    } else {
      tool = slugify(t.Example);
      const existing = batch.getNode("Tool", tool);
      if (existing && String(existing.props.name).toLowerCase() !== t.Example.toLowerCase()) {
        tool = `${tool}-${t["Commodity Code"]}`;
      }
      if (batch.hasNode("Tool", tool)) batch.mergeNode("Tool", tool, facts);
      else batch.addNode("Tool", tool, { name: t.Example, category: t["Commodity Title"], ...facts }, where);
      toolByExample.set(t.Example, tool);
    }
    for (const role of rolesByFirstCode.get(t["O*NET-SOC Code"]) ?? []) {
      batch.addRelationship(
        pattern("Role", "USES_TOOL", "Tool"),
        role,
        tool,
        { source: SOURCE },
        where,
        true,
      );
    }
  }

  // Related occupations between the roles that stand for them. The career model
  // (src/seed/career/) turns them into progressions by the roles' levels.
  for (const { value: r, where } of await read(`${ONET}/Related Occupations.txt`, relatedRow)) {
    const from = primaryRoleByCode.get(r["O*NET-SOC Code"]);
    const to = primaryRoleByCode.get(r["Related O*NET-SOC Code"]);
    if (!from || !to || from === to) continue;
    const tier = r["Relatedness Tier"];
    batch.addRelationship(
      pattern("Role", "RELATED_TO", "Role"),
      from,
      to,
      { source: SOURCE, tier, rank: r.Index },
      where,
      true,
    );
  }
  return { codesByRole, primaryRoleByCode };
}

const round = (n: number) => Math.round(n * 10000) / 10000;
