import { z } from "zod";
import { readTable } from "../csv.js";
import { pattern, SeedProblem, type GraphBatch, type Position } from "../graph-batch.js";
import type { EscoIndex } from "./esco.js";
import { slugify } from "./ids.js";
import {
  ALTERNATE_TITLE_CONFIDENCE,
  BROAD_CROSSWALK_FACTOR,
  CURATED_CONFIDENCE,
  EXACT_TITLE_CONFIDENCE,
  NESTA_MAX_CONFIDENCE,
  ONET_TOOLS_MIN_CONFIDENCE,
  type OnetMappingMethod,
} from "./link-quality.js";
import type { ReadMappings } from "./mappings.js";
import { MAPPINGS_FILE } from "../yaml-seeds.js";

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
  isco_code: z.string().regex(/^\d{4}$/, "must be a 4-digit ISCO-08 unit group"),
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
  const mappingsByRole = new Map<string, Map<string, { method: OnetMappingMethod; confidence: number }>>();
  const codesByRole = new Map<string, string[]>();
  const add = (role: string, c: string, method: OnetMappingMethod, confidence: number) => {
    const list = codesByRole.get(role) ?? [];
    if (!list.includes(c)) list.push(c);
    codesByRole.set(role, list);
    const byCode = mappingsByRole.get(role) ?? new Map();
    const current = byCode.get(c);
    if (!current || confidence > current.confidence) byCode.set(c, { method, confidence });
    mappingsByRole.set(role, byCode);
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
        add(m.role, c, "CURATED", CURATED_CONFIDENCE);
      }
    });
  });
  const curatedRoles = new Set(mappings.articleRoles.map((m) => m.role));
  Object.entries(mappings.onetCodeUpdates).forEach(([from, to]) => {
    if (!titles.has(to)) {
      problems.push(
        new SeedProblem(
          at(["onetCodeUpdates", from]),
          `onetCodeUpdates: ${from} is updated to ${to}, which is not in O*NET 29.2 (Occupation Data.txt)`,
        ),
      );
    }
  });

  // 2. The Nesta crosswalk (O*NET-SOC 2010 codes brought up to date), best confidence first.
  // A code that the crosswalk reaches from several ISCO-08 unit groups is a broad fallback.
  const crosswalk = (await read("reference/crosswalks/esco_onet_crosswalk_Nov2020.csv", crosswalkRow, ","))
    .map(({ value }) => ({
      ...value,
      onet_code: mappings.onetCodeUpdates[value.onet_code] ?? value.onet_code,
    }))
    .filter((row) => titles.has(row.onet_code) && esco.roleByUri.has(row.concept_uri))
    .sort((a, b) => b.confidence - a.confidence || b.semantic_similarity - a.semantic_similarity);
  const unitGroupsByCode = new Map<string, Set<string>>();
  for (const row of crosswalk) {
    unitGroupsByCode.set(
      row.onet_code,
      (unitGroupsByCode.get(row.onet_code) ?? new Set()).add(row.isco_code),
    );
  }
  const crosswalkRank = new Map<string, { role: string; confidence: number; similarity: number }[]>();
  for (const row of crosswalk) {
    const role = esco.roleByUri.get(row.concept_uri) as string;
    const broad = (unitGroupsByCode.get(row.onet_code)?.size ?? 0) > 1;
    const confidence = (row.confidence / NESTA_MAX_CONFIDENCE) * (broad ? BROAD_CROSSWALK_FACTOR : 1);
    if (!curatedRoles.has(role)) add(role, row.onet_code, "CROSSWALK", round(confidence));
    const ranked = crosswalkRank.get(row.onet_code) ?? [];
    ranked.push({ role, confidence: row.confidence, similarity: row.semantic_similarity });
    crosswalkRank.set(row.onet_code, ranked);
  }

  // 3. Exact (case-insensitive) matches of a role's English labels with O*NET alternate titles,
  // kept only where the crosswalk joins the code to an occupation of the role's ISCO-08 unit group
  // (and, like a crosswalk row, worth less when the code is a broad fallback).
  const codesByTitle = new Map<string, Set<string>>();
  for (const { value } of await read(`${ONET}/Alternate Titles.txt`, alternateTitleRow)) {
    const key = value["Alternate Title"].toLowerCase();
    const set = codesByTitle.get(key) ?? new Set<string>();
    set.add(value["O*NET-SOC Code"]);
    codesByTitle.set(key, set);
  }
  for (const [role, labels] of esco.labelsByRole) {
    if (curatedRoles.has(role)) continue;
    const unitGroup = batch.getNode("Role", role)?.props.iscoCode;
    labels.en.forEach((label, i) => {
      for (const c of [...(codesByTitle.get(label.toLowerCase()) ?? [])].sort()) {
        const groups = unitGroupsByCode.get(c);
        if (typeof unitGroup !== "string" || !groups?.has(unitGroup)) continue;
        const broad = groups.size > 1 ? BROAD_CROSSWALK_FACTOR : 1;
        if (i === 0) add(role, c, "EXACT_TITLE", round(EXACT_TITLE_CONFIDENCE * broad));
        else add(role, c, "ALTERNATE_TITLE", round(ALTERNATE_TITLE_CONFIDENCE * broad));
      }
    });
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
  // Each role's codes, with the method and confidence of each (parallel lists, in the same order).
  for (const role of batch.nodes.get("Role")?.values() ?? []) {
    const byCode = mappingsByRole.get(role.id);
    const codes = codesByRole.get(role.id) ?? [];
    role.props.onetCodes = codes;
    role.props.onetMappingMethods = codes.map((c) => byCode?.get(c)?.method ?? "CURATED");
    role.props.onetMappingConfidences = codes.map((c) => byCode?.get(c)?.confidence ?? CURATED_CONFIDENCE);
  }

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

  // Technology skills: Tool nodes (the article's tools are the same nodes), used by the roles whose
  // first code lists them. One node per tool: examples whose names differ only in case, accents,
  // punctuation or the words "software"/"system(s)" are one tool (the others become aliases), and an
  // id that two different tools would share (C, C++ and C# all slug to "c") is spelled out instead.
  const technology = await read(`${ONET}/Technology Skills.txt`, technologyRow);
  const examples = new Set(technology.map(({ value }) => value.Example));
  const toolByKey = new Map<string, string>();
  for (const tool of batch.nodes.get("Tool")?.values() ?? [])
    toolByKey.set(toolKey(String(tool.props.name)), tool.id);
  for (const [tool, names] of Object.entries(mappings.toolExamples)) {
    if (!batch.hasNode("Tool", tool)) {
      problems.push(new SeedProblem(at(["toolExamples", tool]), `toolExamples: unknown tool "${tool}"`));
      continue;
    }
    names.forEach((example, i) => {
      if (!examples.has(example)) {
        problems.push(
          new SeedProblem(
            at(["toolExamples", tool, i]),
            `toolExamples: "${example}" (for ${tool}) is not an example of ${ONET}/Technology Skills.txt`,
          ),
        );
      }
      const key = toolKey(example);
      const other = toolByKey.get(key);
      if (other && other !== tool) {
        problems.push(
          new SeedProblem(
            at(["toolExamples", tool, i]),
            `toolExamples: "${example}" is given to ${tool} but is the same tool as ${other}`,
          ),
        );
      }
      toolByKey.set(key, tool);
    });
  }
  const keysBySlug = new Map<string, Set<string>>();
  for (const { value } of technology) {
    const key = toolKey(value.Example);
    if (toolByKey.has(key)) continue;
    keysBySlug.set(slugify(value.Example), (keysBySlug.get(slugify(value.Example)) ?? new Set()).add(key));
  }
  const aliases = new Map<string, string[]>();
  const rolesByFirstCode = new Map<string, string[]>();
  // Only a mapping at or above the threshold hands its tools to the role.
  for (const [role, codes] of codesByRole) {
    const first = codes[0] as string;
    const confidence = mappingsByRole.get(role)?.get(first)?.confidence ?? 0;
    if (confidence < ONET_TOOLS_MIN_CONFIDENCE) continue;
    rolesByFirstCode.set(first, [...(rolesByFirstCode.get(first) ?? []), role]);
  }
  for (const { value: t, where } of technology) {
    const key = toolKey(t.Example);
    const facts = {
      commodityCode: t["Commodity Code"],
      commodityTitle: t["Commodity Title"],
      hotTechnology: t["Hot Technology"] === "Y",
    };
    let tool = toolByKey.get(key);
    if (tool) {
      batch.mergeNode("Tool", tool, facts);
    } else {
      const slug = slugify(t.Example);
      tool = (keysBySlug.get(slug)?.size ?? 0) > 1 ? slugify(spellSymbols(t.Example)) : slug;
      const taken = batch.getNode("Tool", tool);
      if (taken || tool.length === 0) {
        problems.push(
          new SeedProblem(
            where,
            `tool "${t.Example}" would take the id "${tool}" of a different tool` +
              (taken ? ` ("${String(taken.props.name)}")` : "") +
              `: name it in toolExamples of ${MAPPINGS_FILE} or spell the id out`,
          ),
        );
        continue;
      }
      batch.addNode("Tool", tool, { name: t.Example, category: t["Commodity Title"], ...facts }, where);
      toolByKey.set(key, tool);
    }
    const node = batch.getNode("Tool", tool);
    if (node && node.props.name !== t.Example) {
      const list = aliases.get(tool) ?? [];
      if (!list.includes(t.Example)) list.push(t.Example);
      aliases.set(tool, list);
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
  for (const tool of batch.nodes.get("Tool")?.values() ?? []) {
    tool.props.aliases = aliases.get(tool.id) ?? [];
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

/**
 * What makes two tool names the same tool: lower case without accents, "+" and "#" spelled out,
 * punctuation dropped, and without the words "software", "system" and "systems" (O*NET names one
 * tool "Fleet management software" and "Fleet management systems").
 */
export function toolKey(name: string): string {
  return spellSymbols(name.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !["software", "system", "systems"].includes(w))
    .join(" ");
}

/** "C++" becomes "C plus plus" and "C#" "C sharp", so that their slugs differ. */
function spellSymbols(name: string): string {
  return name.replace(/\+/g, " plus ").replace(/#/g, " sharp ");
}
