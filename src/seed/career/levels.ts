import { z } from "zod";
import { SENIORITIES, SENIORITY_LEVELS, type Seniority } from "../../career/formulas.js";
import { SeedProblem, type GraphBatch, type Position } from "../graph-batch.js";
import { readYamlFile } from "../yaml-seeds.js";

export const LEVELS_FILE = "career/levels.yaml";

const seniority = z.enum(SENIORITIES as [Seniority, ...Seniority[]]);
const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s, "i");
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a valid regular expression" },
);

const levelsSchema = z.strictObject({
  rules: z
    .array(
      z
        .strictObject({
          id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a kebab-case id"),
          title: regex.optional(),
          iscoGroup: z
            .array(z.string().regex(/^\d{1,4}$/, "must be an ISCO-08 code prefix"))
            .min(1)
            .optional(),
          jobZone: z
            .strictObject({
              min: z.number().int().min(1).max(5).optional(),
              max: z.number().int().min(1).max(5).optional(),
            })
            .optional(),
          seniority,
          note: z.string().min(1),
        })
        .refine((r) => r.title !== undefined || r.iscoGroup !== undefined || r.jobZone !== undefined, {
          message: "a rule needs at least one condition (title, iscoGroup or jobZone)",
        }),
    )
    .min(1),
  overrides: z
    .array(
      z.strictObject({
        role: z.string().min(1),
        seniority,
        /** A level other than the seniority's own, e.g. the CEO above the executives who report to it. */
        level: z.number().min(0).max(10).optional(),
        note: z.string().min(1),
      }),
    )
    .default([]),
});

export type LevelRules = z.infer<typeof levelsSchema>;
export type LevelRule = LevelRules["rules"][number];

/** What a rule looks at in a role. */
export interface RoleFacts {
  title: string;
  iscoCode: string | null;
  jobZone: number | null;
}

/** Whether every condition of `rule` holds for the role. */
export function ruleMatches(rule: LevelRule, role: RoleFacts): boolean {
  if (rule.title !== undefined && !new RegExp(rule.title, "i").test(role.title)) return false;
  if (rule.iscoGroup !== undefined && !rule.iscoGroup.some((p) => role.iscoCode?.startsWith(p))) return false;
  if (rule.jobZone !== undefined) {
    if (role.jobZone === null) return false;
    if (rule.jobZone.min !== undefined && role.jobZone < rule.jobZone.min) return false;
    if (rule.jobZone.max !== undefined && role.jobZone > rule.jobZone.max) return false;
  }
  return true;
}

export interface Level {
  seniority: Seniority;
  level: number;
  levelSource: string;
  levelEvidence: "ARTICLE" | "CURATED" | "DERIVED";
  levelNote: string;
}

export function readLevelRules(
  seedsDir: string,
  problems: SeedProblem[],
): { data: LevelRules; at: (keys: readonly (string | number)[]) => Position } | null {
  return readYamlFile(seedsDir, LEVELS_FILE, levelsSchema, problems);
}

/**
 * A level for every role of the batch: an override (the project's reviewed judgement, which may
 * refine the article's), else the article's seniority, else the first matching rule. Problems: a rule matching no role, an override naming an unknown role, a role
 * that no rule matches.
 */
export function assignLevels(
  batch: GraphBatch,
  { data, at }: NonNullable<ReturnType<typeof readLevelRules>>,
  jobZoneOf: (roleId: string) => number | null,
): Map<string, Level> {
  const roles = [...(batch.nodes.get("Role")?.values() ?? [])];
  const facts = new Map(
    roles.map((r) => [
      r.id,
      {
        title: String(r.props.title),
        iscoCode: typeof r.props.iscoCode === "string" ? r.props.iscoCode : null,
        jobZone: jobZoneOf(r.id),
      } satisfies RoleFacts,
    ]),
  );
  data.rules.forEach((rule, i) => {
    if (![...facts.values()].some((f) => ruleMatches(rule, f))) {
      batch.problems.push(
        new SeedProblem(
          at(["rules", i]),
          `${LEVELS_FILE}: rule "${rule.id}" matches no role; remove or fix it`,
        ),
      );
    }
  });
  const overrides = new Map<string, LevelRules["overrides"][number]>();
  data.overrides.forEach((o, i) => {
    if (!facts.has(o.role)) {
      batch.problems.push(
        new SeedProblem(
          at(["overrides", i, "role"]),
          `${LEVELS_FILE}: override names unknown role "${o.role}"`,
        ),
      );
    } else if (overrides.has(o.role)) {
      batch.problems.push(
        new SeedProblem(at(["overrides", i, "role"]), `${LEVELS_FILE}: role "${o.role}" is overridden twice`),
      );
    } else {
      overrides.set(o.role, o);
    }
  });

  const levels = new Map<string, Level>();
  for (const role of roles) {
    const stated = role.props.seniority;
    const override = overrides.get(role.id);
    const f = facts.get(role.id) as RoleFacts;
    if (override) {
      levels.set(role.id, {
        seniority: override.seniority,
        level: override.level ?? SENIORITY_LEVELS[override.seniority],
        levelSource: "CURATED",
        levelEvidence: "CURATED",
        levelNote: override.note,
      });
    } else if (typeof stated === "string" && stated in SENIORITY_LEVELS) {
      levels.set(role.id, {
        seniority: stated as Seniority,
        level: SENIORITY_LEVELS[stated as Seniority],
        levelSource: "ARTICLE",
        levelEvidence: "ARTICLE",
        levelNote: `Seniority of the article's role (${role.where.file}).`,
      });
    } else {
      const rule = data.rules.find((r) => ruleMatches(r, f));
      if (!rule) {
        batch.problems.push(
          new SeedProblem(
            role.where,
            `${LEVELS_FILE}: no level rule matches role "${role.id}" ("${f.title}", ISCO ${f.iscoCode ?? "none"}); add a rule or an override`,
          ),
        );
        continue;
      }
      levels.set(role.id, {
        seniority: rule.seniority,
        level: SENIORITY_LEVELS[rule.seniority],
        levelSource: `RULE:${rule.id}`,
        levelEvidence: "DERIVED",
        levelNote: rule.note,
      });
    }
  }
  return levels;
}
