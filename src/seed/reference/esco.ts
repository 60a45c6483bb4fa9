import { z } from "zod";
import { readTable } from "../csv.js";
import { pattern, SeedProblem, type GraphBatch, type Position } from "../graph-batch.js";
import { slugify, splitLabels, uriTail } from "./ids.js";
import type { ReadMappings } from "./mappings.js";

const ESCO = "reference/esco-v1.1.1";
const ESCO_FR = "reference/esco-v1.0.x-fr-labels";
const SOURCE = "esco-1.1.1";

const escoUri = (kind: string) =>
  z.string().regex(new RegExp(`^http://data\\.europa\\.eu/esco/${kind}/`), `must be an ESCO ${kind} URI`);

const occupationRow = z.object({
  conceptUri: escoUri("occupation"),
  iscoGroup: z.string().regex(/^\d{4}$/, "must be a 4-digit ISCO-08 unit group"),
  preferredLabel: z.string().min(1),
  altLabels: z.string(),
  description: z.string(),
  code: z.string().min(1),
});
const skillRow = z.object({
  conceptUri: escoUri("skill"),
  skillType: z.enum(["skill/competence", "knowledge", ""]),
  preferredLabel: z.string().min(1),
  description: z.string(),
});
const relationRow = z.object({
  occupationUri: escoUri("occupation"),
  relationType: z.enum(["essential", "optional"]),
  skillUri: escoUri("skill"),
});
const iscoRow = z.object({
  conceptUri: escoUri("isco"),
  code: z.string().regex(/^\d{1,4}$/, "must be an ISCO-08 code"),
  preferredLabel: z.string().min(1),
});
const broaderRow = z.object({
  conceptType: z.string(),
  conceptUri: z.string().min(1),
  broaderType: z.string(),
  broaderUri: z.string().min(1),
});
const skillGroupRow = z.object({ conceptUri: z.string().min(1), preferredLabel: z.string().min(1) });
const frOccupationRow = z.object({
  conceptUri: z.string(),
  preferredLabel: z.string(),
  altLabels: z.string(),
});
const frLabelRow = z.object({ conceptUri: z.string(), preferredLabel: z.string() });

/** What later importers need from ESCO: the role of each occupation URI, and the role's labels. */
export interface EscoIndex {
  roleByUri: Map<string, string>;
  /** English and French labels of each role, for matching O*NET and ROME titles. */
  labelsByRole: Map<string, { en: string[]; fr: string[] }>;
}

const iscoId = (code: string) => `isco-${code}`;
const skillGroupId = (uri: string) =>
  `esco-${slugify(uri.replace(/^http:\/\/data\.europa\.eu\/esco\//, ""))}`;

export async function readEsco(
  dir: string,
  batch: GraphBatch,
  { data: mappings, at }: ReadMappings,
): Promise<EscoIndex> {
  const problems = batch.problems;
  const read = <T extends z.ZodType>(file: string, row: T) =>
    readTable({ dir, file, delimiter: ",", row, problems });
  const articleRoleByUri = new Map(mappings.articleRoles.map((m) => [m.esco, m.role]));
  const index: EscoIndex = { roleByUri: new Map(), labelsByRole: new Map() };

  // ISCO-08 groups and their hierarchy.
  const iscoByUri = new Map<string, string>();
  for (const { value: g, where } of await read(`${ESCO}/ISCOGroups_en.csv`, iscoRow)) {
    batch.addNode("IscoGroup", iscoId(g.code), { code: g.code, title: g.preferredLabel }, where);
    iscoByUri.set(g.conceptUri, iscoId(g.code));
  }

  // Occupations: a Role each, or the article's role they enrich.
  for (const { value: o, where } of await read(`${ESCO}/occupations_en.csv`, occupationRow)) {
    const alt = splitLabels(o.altLabels).filter((l) => l !== o.preferredLabel);
    const articleRole = articleRoleByUri.get(o.conceptUri);
    const roleId = articleRole ?? slugify(o.preferredLabel);
    const reference = { escoUri: o.conceptUri, iscoCode: o.iscoGroup, escoCode: o.code };
    if (articleRole) {
      if (!batch.hasNode("Role", articleRole)) {
        problems.push(
          new SeedProblem(where, `mappings.yaml maps this occupation to unknown role "${articleRole}"`),
        );
        continue;
      }
      batch.mergeNode("Role", articleRole, {
        ...reference,
        alternativeTitles: [o.preferredLabel, ...alt],
        summary: o.description || null,
      });
    } else {
      batch.addNode(
        "Role",
        roleId,
        {
          ...reference,
          title: o.preferredLabel,
          alternativeTitles: alt,
          summary: o.description || null,
          onetCodes: [],
        },
        where,
      );
    }
    index.roleByUri.set(o.conceptUri, roleId);
    index.labelsByRole.set(roleId, { en: [o.preferredLabel, ...alt], fr: [] });
    if (!batch.hasNode("IscoGroup", iscoId(o.iscoGroup))) {
      problems.push(new SeedProblem({ ...where, column: 3 }, `unknown ISCO-08 group "${o.iscoGroup}"`));
    } else {
      batch.addRelationship(
        pattern("Role", "IN_GROUP", "IscoGroup"),
        roleId,
        iscoId(o.iscoGroup),
        { source: SOURCE },
        where,
      );
    }
  }

  mappings.articleRoles.forEach((m, i) => {
    if (!index.roleByUri.has(m.esco)) {
      problems.push(
        new SeedProblem(at(["articleRoles", i, "esco"]), `no ESCO occupation has the URI ${m.esco}`),
      );
    }
  });

  // The article's skills that are ESCO skills (mappings.yaml): the ESCO skill becomes the article's node.
  const equivalentByUri = new Map<string, { skill: string; index: number }>();
  const equivalentSkills = new Map<string, number>();
  mappings.skillEquivalents.forEach((e, i) => {
    const where = at(["skillEquivalents", i]);
    if (!batch.hasNode("Skill", e.skill)) {
      problems.push(new SeedProblem(where, `skillEquivalents: unknown skill "${e.skill}"`));
    } else if (equivalentSkills.has(e.skill)) {
      problems.push(
        new SeedProblem(
          where,
          `skillEquivalents: duplicate row for skill "${e.skill}" (first at line ${at(["skillEquivalents", equivalentSkills.get(e.skill) as number]).line})`,
        ),
      );
    } else if (equivalentByUri.has(e.esco)) {
      const first = equivalentByUri.get(e.esco) as { skill: string; index: number };
      problems.push(
        new SeedProblem(
          where,
          `skillEquivalents: duplicate row for ESCO skill ${e.esco} (already the equivalent of "${first.skill}" at line ${at(["skillEquivalents", first.index]).line})`,
        ),
      );
    }
    equivalentSkills.set(e.skill, equivalentSkills.get(e.skill) ?? i);
    if (!equivalentByUri.has(e.esco)) equivalentByUri.set(e.esco, { skill: e.skill, index: i });
  });

  // Skills: ids slugged from the English label; a label that is already taken gets the URI's tail.
  const skillByUri = new Map<string, string>();
  for (const { value: s, where } of await read(`${ESCO}/skills_en.csv`, skillRow)) {
    const equivalent = equivalentByUri.get(s.conceptUri);
    if (equivalent && batch.hasNode("Skill", equivalent.skill)) {
      const node = batch.getNode("Skill", equivalent.skill);
      batch.mergeNode("Skill", equivalent.skill, {
        escoUri: s.conceptUri,
        description: s.description || null,
      });
      if (node) node.props.aliases = [s.preferredLabel];
      skillByUri.set(s.conceptUri, equivalent.skill);
      continue;
    }
    let id = slugify(s.preferredLabel);
    if (batch.hasNode("Skill", id)) id = `${id}-${uriTail(s.conceptUri).slice(0, 8)}`;
    batch.addNode(
      "Skill",
      id,
      {
        name: s.preferredLabel,
        kind: s.skillType === "knowledge" ? "KNOWLEDGE" : "SKILL",
        description: s.description || null,
        escoUri: s.conceptUri,
      },
      where,
    );
    skillByUri.set(s.conceptUri, id);
  }

  for (const [uri, { index }] of equivalentByUri) {
    if (!skillByUri.has(uri)) {
      problems.push(
        new SeedProblem(
          at(["skillEquivalents", index, "esco"]),
          `skillEquivalents: no ESCO skill has the URI ${uri} (${ESCO}/skills_en.csv)`,
        ),
      );
    }
  }
  const mergedSkills = new Set([...equivalentByUri.values()].map((e) => e.skill));

  // Occupation-skill relations, essential or optional. Where the article already links a role to
  // a skill that is also an ESCO skill, the article's edge stays (it is the more specific source).
  for (const { value: r, where } of await read(`${ESCO}/occupationSkillRelations.csv`, relationRow)) {
    const role = index.roleByUri.get(r.occupationUri);
    const skill = skillByUri.get(r.skillUri);
    if (!role)
      problems.push(new SeedProblem({ ...where, column: 1 }, `unknown occupation URI ${r.occupationUri}`));
    if (!skill) problems.push(new SeedProblem({ ...where, column: 4 }, `unknown skill URI ${r.skillUri}`));
    if (!role || !skill) continue;
    batch.addRelationship(
      pattern("Role", "REQUIRES_SKILL", "Skill"),
      role,
      skill,
      { essential: r.relationType === "essential", importance: null, source: SOURCE },
      where,
      mergedSkills.has(skill),
    );
  }

  // ISCO hierarchy (occupation-to-occupation links are not modelled).
  for (const { value: b, where } of await read(`${ESCO}/broaderRelationsOccPillar.csv`, broaderRow)) {
    if (b.conceptType !== "ISCOGroup" || b.broaderType !== "ISCOGroup") continue;
    const narrower = iscoByUri.get(b.conceptUri);
    const broader = iscoByUri.get(b.broaderUri);
    if (!narrower || !broader) {
      problems.push(
        new SeedProblem(where, `unknown ISCO group URI ${narrower ? b.broaderUri : b.conceptUri}`),
      );
      continue;
    }
    batch.addRelationship(
      pattern("IscoGroup", "BROADER", "IscoGroup"),
      narrower,
      broader,
      { source: SOURCE },
      where,
    );
  }

  // Skill groups and the hierarchy above the skills (skill-to-skill links are not modelled).
  for (const { value: g, where } of await read(`${ESCO}/skillGroups_en.csv`, skillGroupRow)) {
    batch.addNode(
      "SkillGroup",
      skillGroupId(g.conceptUri),
      { name: g.preferredLabel, escoUri: g.conceptUri },
      where,
    );
  }
  // A skill's groups are the nearest skill groups above it, reached through broader skills
  // that may lie outside the slice.
  const broaderOfSkill = new Map<string, { uri: string; isGroup: boolean; where: Position }[]>();
  for (const { value: b, where } of await read(`${ESCO}/broaderRelationsSkillPillar.csv`, broaderRow)) {
    const isGroup = b.broaderType === "SkillGroup";
    if (isGroup && !batch.hasNode("SkillGroup", skillGroupId(b.broaderUri))) {
      problems.push(new SeedProblem({ ...where, column: 4 }, `unknown skill group URI ${b.broaderUri}`));
      continue;
    }
    if (b.conceptType === "SkillGroup") {
      if (!isGroup) continue;
      batch.addRelationship(
        pattern("SkillGroup", "BROADER", "SkillGroup"),
        skillGroupId(b.conceptUri),
        skillGroupId(b.broaderUri),
        { source: SOURCE },
        where,
      );
    } else {
      broaderOfSkill.set(b.conceptUri, [
        ...(broaderOfSkill.get(b.conceptUri) ?? []),
        { uri: b.broaderUri, isGroup, where },
      ]);
    }
  }
  for (const [uri, skill] of skillByUri) {
    const seen = new Set([uri]);
    let level = broaderOfSkill.get(uri) ?? [];
    while (level.length > 0) {
      const groups = level.filter((b) => b.isGroup);
      if (groups.length > 0) {
        for (const g of groups) {
          batch.addRelationship(
            pattern("Skill", "IN_GROUP", "SkillGroup"),
            skill,
            skillGroupId(g.uri),
            { source: SOURCE },
            g.where,
            true,
          );
        }
        break;
      }
      level = level.flatMap((b) =>
        seen.has(b.uri) ? [] : (seen.add(b.uri), broaderOfSkill.get(b.uri) ?? []),
      );
    }
  }

  // French labels (older release: display labels only; URIs it does not share are skipped).
  for (const { value: o } of await read(`${ESCO_FR}/occupations_fr.csv`, frOccupationRow)) {
    const role = index.roleByUri.get(o.conceptUri);
    if (!role) continue;
    const labels = [o.preferredLabel, ...splitLabels(o.altLabels)].filter((l) => l.length > 0);
    batch.mergeNode("Role", role, {
      alternativeTitles: labels,
      ...(o.preferredLabel ? { titleFr: o.preferredLabel } : {}),
    });
    index.labelsByRole.get(role)?.fr.push(...labels);
  }
  // French names of skills and ISCO groups (display labels; English stays the fallback).
  for (const { value: s } of await read(`${ESCO_FR}/skills_fr.csv`, frLabelRow)) {
    const skill = skillByUri.get(s.conceptUri);
    if (skill && s.preferredLabel) batch.mergeNode("Skill", skill, { nameFr: s.preferredLabel });
  }
  for (const { value: g } of await read(`${ESCO_FR}/ISCOGroups_fr.csv`, frLabelRow)) {
    const group = iscoByUri.get(g.conceptUri);
    if (group && g.preferredLabel) batch.mergeNode("IscoGroup", group, { titleFr: g.preferredLabel });
  }
  return index;
}
