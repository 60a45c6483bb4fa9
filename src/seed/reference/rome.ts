import { z } from "zod";
import { readTable } from "../csv.js";
import { pattern, SeedProblem, type GraphBatch } from "../graph-batch.js";
import type { EscoIndex } from "./esco.js";
import type { Mappings } from "./mappings.js";

const ROME = "reference/rome-4.0-v460";
const SOURCE = "rome-v460";
const romeCode = z.string().regex(/^[A-N]\d{4}$/, "must be a ROME code like N1301");

const codeRow = z.object({ code_rome: romeCode, libelle_rome: z.string().min(1) });
const appellationRow = z.object({
  code_rome: romeCode,
  libelle_appellation_long: z.string().min(1),
  classification: z.enum(["PRINCIPALE", "SYNONYME"]),
});
const mobilityRow = z.object({ code_rome: romeCode, code_rome_cible: romeCode });

/** Lower case, no accents, one space: for comparing French titles. */
const normalise = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

/** First word of a normalised title: the job it names ("responsable", "ingenieur", "directeur"). */
const headWord = (form: string) => form.split(" ")[0] ?? "";

/**
 * The masculine and feminine forms of a French title: "Directeur / Directrice logistique" and
 * "directeur/directrice de trésorerie" share what stands before the first word and after the
 * second, so they give "directeur logistique" and "directrice logistique".
 */
export function forms(title: string): string[] {
  const slash = title.indexOf("/");
  if (slash < 0) return [normalise(title)].filter((f) => f.length > 0);
  const left = title.slice(0, slash).trim().split(/\s+/);
  const right = title
    .slice(slash + 1)
    .trim()
    .split(/\s+/);
  const prefix = left.slice(0, -1).join(" ");
  const suffix = right.slice(1).join(" ");
  const variants = [left.at(-1) ?? "", right[0] ?? ""].map((word) => `${prefix} ${word} ${suffix}`);
  return [...new Set(variants.flatMap(forms))];
}

/**
 * French job titles of ROME métiers become alternative titles: for the article roles mapped to a
 * métier (mappings.yaml), its principal title and the titles naming the same job (same head word);
 * for the other roles, the titles equal to one of their ESCO French labels. Returns the titles
 * attached to each role. ROME mobility edges between the roles that stand for two métiers become
 * derived LATERAL progressions; curated edges are never replaced.
 */
export async function readRome(
  dir: string,
  batch: GraphBatch,
  mappings: Mappings,
  esco: EscoIndex,
): Promise<Map<string, string[]>> {
  const problems = batch.problems;
  const codes = new Set<string>();
  for (const { value } of await readTable({
    dir,
    file: `${ROME}/unix_referentiel_code_rome_v460_utf8.csv`,
    delimiter: ",",
    row: codeRow,
    problems,
  })) {
    codes.add(value.code_rome);
  }
  const appellations = new Map<string, string[]>();
  const principal = new Map<string, string>();
  for (const { value, where } of await readTable({
    dir,
    file: `${ROME}/unix_referentiel_appellation_v460_utf8.csv`,
    delimiter: ",",
    row: appellationRow,
    problems,
  })) {
    if (!codes.has(value.code_rome)) {
      batch.problems.push(new SeedProblem({ ...where, column: 4 }, `unknown ROME code ${value.code_rome}`));
      continue;
    }
    if (value.classification === "PRINCIPALE") principal.set(value.code_rome, value.libelle_appellation_long);
    appellations.set(value.code_rome, [
      ...(appellations.get(value.code_rome) ?? []),
      value.libelle_appellation_long,
    ]);
  }

  const rolesByFrenchForm = new Map<string, Set<string>>();
  for (const [role, labels] of esco.labelsByRole) {
    for (const label of labels.fr) {
      for (const form of forms(label))
        rolesByFrenchForm.set(form, (rolesByFrenchForm.get(form) ?? new Set()).add(role));
    }
  }

  const attached = new Map<string, string[]>();
  const attach = (role: string, titles: string[]) => {
    batch.mergeNode("Role", role, { alternativeTitles: titles });
    attached.set(role, [...(attached.get(role) ?? []), ...titles]);
  };
  const primaryRoleByCode = new Map<string, string>();
  for (const m of mappings.articleRoles) {
    for (const c of m.rome) {
      if (!codes.has(c)) continue;
      // A métier groups many jobs (H2502 holds "Pharmacien / Pharmacienne de fabrication" beside
      // "Responsable d'exploitation"): the mapped role takes the métier's principal title and the
      // titles that name the same job, i.e. whose head word is that of the principal title or of
      // one of the role's ESCO French labels.
      const heads = new Set(
        [principal.get(c) ?? "", ...(esco.labelsByRole.get(m.role)?.fr ?? [])].flatMap((t) =>
          forms(t).map(headWord),
        ),
      );
      attach(
        m.role,
        (appellations.get(c) ?? []).filter((t) => forms(t).some((f) => heads.has(headWord(f)))),
      );
      if (!primaryRoleByCode.has(c)) primaryRoleByCode.set(c, m.role);
    }
  }
  for (const [c, titles] of [...appellations.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const votes = new Map<string, string[]>();
    for (const title of titles) {
      const matched = new Set(forms(title).flatMap((f) => [...(rolesByFrenchForm.get(f) ?? [])]));
      for (const role of matched) votes.set(role, [...(votes.get(role) ?? []), title]);
    }
    for (const [role, matchedTitles] of votes) attach(role, matchedTitles);
    if (!primaryRoleByCode.has(c)) {
      const best = [...votes.entries()].sort(
        (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
      )[0];
      if (best) primaryRoleByCode.set(c, best[0]);
    }
  }

  for (const { value, where } of await readTable({
    dir,
    file: `${ROME}/unix_rubrique_mobilite_v460_utf8.csv`,
    delimiter: ",",
    row: mobilityRow,
    problems,
  })) {
    const from = primaryRoleByCode.get(value.code_rome);
    const to = primaryRoleByCode.get(value.code_rome_cible);
    if (!from || !to || from === to) continue;
    batch.addRelationship(
      pattern("Role", "PROGRESSES_TO", "Role"),
      from,
      to,
      {
        kind: "LATERAL",
        evidence: "DERIVED",
        typicalYears: null,
        source: SOURCE,
        note: `ROME lists a mobility from ${value.code_rome} to ${value.code_rome_cible}`,
      },
      where,
      true,
    );
  }
  return attached;
}
