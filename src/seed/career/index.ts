import { z } from "zod";
import { RW_CATEGORY_YEARS } from "../../career/formulas.js";
import { readTable } from "../csv.js";
import { pattern, type GraphBatch } from "../graph-batch.js";
import { assignLevels, readLevelRules } from "./levels.js";
import { deriveTransitions, type CareerFacts, type TransitionStats, type Wage } from "./transitions.js";

const ONET = "reference/onet-29.2";
const code = z.string().regex(/^\d{2}-\d{4}\.\d{2}$/, "must be an O*NET-SOC code like 11-1021.00");
const jobZoneRow = z.object({
  "O*NET-SOC Code": code,
  "Job Zone": z.enum(["1", "2", "3", "4", "5"]).transform(Number),
});
const experienceRow = z.object({
  "O*NET-SOC Code": code,
  "Scale ID": z.string(),
  Category: z.string().regex(/^\d+$/, "must be a category number").transform(Number),
  "Data Value": z
    .string()
    .regex(/^\d+(\.\d+)?$/, "must be a percentage")
    .transform(Number),
});

const broaderRow = z.object({
  conceptType: z.string(),
  conceptUri: z.string().min(1),
  broaderType: z.string(),
  broaderUri: z.string().min(1),
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/**
 * The career model, derived at seed time from what the batch already holds (docs/career-model.md):
 * a level for every role (seeds/career/levels.yaml), then every role's transitions with their
 * evidence, confidence, typical years and wage change, and each role's career outlook.
 */
export async function deriveCareerModel(
  seedsDir: string,
  batch: GraphBatch,
): Promise<TransitionStats | null> {
  const problems = batch.problems;
  const rules = readLevelRules(seedsDir, problems);
  if (!rules) return null;

  const jobZones = new Map<string, number>();
  for (const { value } of await readTable({
    dir: seedsDir,
    file: `${ONET}/Job Zones.txt`,
    delimiter: "\t",
    row: jobZoneRow,
    problems,
  })) {
    jobZones.set(value["O*NET-SOC Code"], value["Job Zone"]);
  }
  // Related Work Experience (RW): share of workers per category; the median category's years.
  const rw = new Map<string, Map<number, number>>();
  for (const { value } of await readTable({
    dir: seedsDir,
    file: `${ONET}/Education, Training, and Experience.txt`,
    delimiter: "\t",
    row: experienceRow,
    problems,
  })) {
    if (value["Scale ID"] !== "RW") continue;
    const byCategory = rw.get(value["O*NET-SOC Code"]) ?? new Map<number, number>();
    byCategory.set(value.Category, value["Data Value"]);
    rw.set(value["O*NET-SOC Code"], byCategory);
  }
  if (problems.length > 0) return null;
  const medianYears = (c: string): number | null => {
    const byCategory = rw.get(c);
    if (!byCategory) return null;
    const total = [...byCategory.values()].reduce((a, b) => a + b, 0);
    if (total <= 0) return null;
    let cumulative = 0;
    for (const category of [...byCategory.keys()].sort((a, b) => a - b)) {
      cumulative += byCategory.get(category) ?? 0;
      if (cumulative >= total / 2) return RW_CATEGORY_YEARS[category] ?? null;
    }
    return null;
  };

  const firstCode = (roleId: string): string | null => {
    const codes = batch.getNode("Role", roleId)?.props.onetCodes;
    return Array.isArray(codes) && typeof codes[0] === "string" ? codes[0] : null;
  };
  const levels = assignLevels(batch, rules, (id) => {
    const c = firstCode(id);
    return c ? (jobZones.get(c) ?? null) : null;
  });
  if (problems.length > 0) return null;

  const groupsOfSkill = new Map<string, string[]>();
  for (const row of batch.relationships.get(pattern("Skill", "IN_GROUP", "SkillGroup"))?.values() ?? []) {
    groupsOfSkill.set(row.from, [...(groupsOfSkill.get(row.from) ?? []), row.to]);
  }
  const skills = new Map<string, Set<string>>();
  const skillGroups = new Map<string, Set<string>>();
  for (const row of batch.relationships.get(pattern("Role", "REQUIRES_SKILL", "Skill"))?.values() ?? []) {
    const set = skills.get(row.from) ?? new Set<string>();
    set.add(row.to);
    skills.set(row.from, set);
    const groups = skillGroups.get(row.from) ?? new Set<string>();
    for (const g of groupsOfSkill.get(row.to) ?? []) groups.add(g);
    skillGroups.set(row.from, groups);
  }
  // Wages: per currency, the median of the role's bands (a band's median, else the middle of its
  // range, else its minimum).
  const amounts = new Map<string, Map<string, number[]>>();
  const seniorBandYears = new Map<string, number>();
  for (const row of batch.relationships.get(pattern("Role", "HAS_SALARY_BAND", "SalaryBand"))?.values() ??
    []) {
    const band = batch.getNode("SalaryBand", row.to)?.props;
    if (!band || typeof band.currency !== "string") continue;
    const mid =
      typeof band.median === "number"
        ? band.median
        : typeof band.minAnnualGross === "number" && typeof band.maxAnnualGross === "number"
          ? (band.minAnnualGross + band.maxAnnualGross) / 2
          : typeof band.minAnnualGross === "number"
            ? band.minAnnualGross
            : null;
    if (mid !== null) {
      const byCurrency = amounts.get(row.from) ?? new Map<string, number[]>();
      byCurrency.set(band.currency, [...(byCurrency.get(band.currency) ?? []), mid]);
      amounts.set(row.from, byCurrency);
    }
    if (row.props.source === "article" && typeof band.minExperienceYears === "number") {
      seniorBandYears.set(row.from, Math.max(seniorBandYears.get(row.from) ?? 0, band.minExperienceYears));
    }
  }
  const wages = new Map<string, Wage[]>();
  for (const [role, byCurrency] of amounts) {
    // USD first: BLS medians are comparable across roles; the article's EUR bands cover one role.
    wages.set(
      role,
      [...byCurrency.entries()]
        .sort(([a], [b]) => (a === "USD" ? -1 : b === "USD" ? 1 : a.localeCompare(b)))
        .map(([currency, xs]) => ({ currency, amount: Math.round(median(xs)) })),
    );
  }
  const experienceYears = new Map<string, number>();
  for (const id of levels.keys()) {
    const c = firstCode(id);
    const years = c ? medianYears(c) : null;
    if (years !== null) experienceYears.set(id, years);
  }

  const roleByUri = new Map<string, string>();
  for (const role of batch.nodes.get("Role")?.values() ?? []) {
    if (typeof role.props.escoUri === "string") roleByUri.set(role.props.escoUri, role.id);
  }
  const escoBroader: CareerFacts["escoBroader"] = [];
  for (const { value, where } of await readTable({
    dir: seedsDir,
    file: "reference/esco-v1.1.1/broaderRelationsOccPillar.csv",
    delimiter: ",",
    row: broaderRow,
    problems,
  })) {
    if (value.conceptType !== "Occupation" || value.broaderType !== "Occupation") continue;
    const narrower = roleByUri.get(value.conceptUri);
    const broader = roleByUri.get(value.broaderUri);
    if (narrower && broader && narrower !== broader) escoBroader.push({ narrower, broader, where });
  }

  const facts: CareerFacts = {
    levels,
    skills,
    skillGroups,
    wages,
    experienceYears,
    seniorBandYears,
    escoBroader,
  };
  const stats = deriveTransitions(batch, facts);

  for (const [id, level] of levels) {
    const role = batch.getNode("Role", id);
    if (!role) continue;
    role.props = { ...role.props, ...level, careerOutlook: outlook(batch, id, facts) };
  }
  return stats;
}

/** One sentence on where a role leads, so that an executive or a dead end is explained. */
function outlook(batch: GraphBatch, id: string, facts: CareerFacts): string {
  const rows = [...(batch.relationships.get(pattern("Role", "PROGRESSES_TO", "Role"))?.values() ?? [])];
  const out = rows.filter((r) => r.from === id);
  const into = rows.filter((r) => r.to === id);
  const level = facts.levels.get(id);
  const up = out.filter((r) => r.props.kind === "ADVANCEMENT").length;
  const lateral = out.length - up;
  const what = `${level?.seniority ?? "unknown"} (level ${level?.level ?? "?"})`;
  if (out.length === 0 && into.length === 0) {
    return `${what}: no source links this role to another, and no role at the same level or one above requires similar enough skills for the feasibility rule; no move is known.`;
  }
  if (out.length === 0) {
    return `${what}: ${into.length} known move(s) lead here, none out of it${level?.seniority === "EXECUTIVE" ? ": an executive role at the top of the ladder" : ""}.`;
  }
  if (up === 0) {
    return `${what}: ${lateral} lateral move(s) out${level?.seniority === "EXECUTIVE" ? "; no higher level exists: an executive role at the top of the ladder" : "; no known advancement"}.`;
  }
  return `${what}: ${up} advancement(s) and ${lateral} lateral move(s) out, ${into.length} move(s) in.`;
}
