import { z } from "zod";
import { acronymOf, genderForms } from "../search/normalise.js";
import type { Vocabulary } from "../search/vocabulary.js";
import { readTable } from "./csv.js";
import type { GraphBatch } from "./graph-batch.js";

const ONET_ALTERNATE_TITLES = "reference/onet-29.2/Alternate Titles.txt";
const alternateTitleRow = z.object({
  "O*NET-SOC Code": z.string().min(1),
  "Alternate Title": z.string().min(1),
});

/** What a role's search keys are made of, per role id. */
export interface SearchInputs {
  /** The role's French labels (ESCO French labels, ROME titles attached to it). */
  frenchTitles: Map<string, readonly string[]>;
  /** The role that stands for each O*NET code. */
  primaryRoleByOnetCode: Map<string, string>;
}

/** Kinds of key, in the order a tie prefers them. */
const OWN = 0;
const ALTERNATIVE = 1;
const ONET_ALTERNATE = 2;

/** The titles a title stands for: "X (Y)" is X, Y and itself; "X - Y" is X and Y; gender forms apart. */
function titleParts(title: string): string[] {
  const parts = new Set<string>([title]);
  const bracket = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(title);
  if (bracket?.[1] && bracket[2]) {
    parts.add(bracket[1]);
    parts.add(bracket[2]);
  }
  for (const p of [...parts]) for (const half of p.split(/\s+-\s+/)) parts.add(half);
  return [...parts].flatMap(genderForms);
}

/**
 * Computes, at seed time, what role search reads (src/schema/career/search.ts): for each role,
 * every title (own, alternative, and the O*NET alternate titles of the codes it stands for)
 * normalised and rewritten with the synonym table into a key, with the title it came from, its
 * language and its kind, plus the acronyms of the keys. Parallel lists on the Role node:
 * searchKeys[i] came from searchKeyTitles[i], in searchKeyLangs[i] (EN or FR), of kind
 * searchKeyKinds[i] (0 = the role's own title, 1 = an alternative title, 2 = an O*NET alternate title),
 * and searchKeyCounts[i] titles of the role give it (how many of its names agree).
 */
export async function addSearchKeys(
  dir: string,
  batch: GraphBatch,
  vocabulary: Vocabulary,
  inputs: SearchInputs,
): Promise<void> {
  const onetTitles = new Map<string, string[]>();
  for (const { value } of await readTable({
    dir,
    file: ONET_ALTERNATE_TITLES,
    delimiter: "\t",
    row: alternateTitleRow,
    problems: batch.problems,
  })) {
    const role = inputs.primaryRoleByOnetCode.get(value["O*NET-SOC Code"]);
    if (role) onetTitles.set(role, [...(onetTitles.get(role) ?? []), value["Alternate Title"]]);
  }
  for (const role of batch.nodes.get("Role")?.values() ?? []) {
    const french = new Set((inputs.frenchTitles.get(role.id) ?? []).map((t) => t.toLowerCase()));
    const titleFr = typeof role.props.titleFr === "string" ? role.props.titleFr : null;
    const sources: [string, number, "EN" | "FR"][] = [
      [String(role.props.title), OWN, "EN"],
      ...(titleFr ? [[titleFr, OWN, "FR"] as [string, number, "EN" | "FR"]] : []),
      ...((role.props.alternativeTitles as string[] | undefined) ?? []).map(
        (t): [string, number, "EN" | "FR"] => [t, ALTERNATIVE, french.has(t.toLowerCase()) ? "FR" : "EN"],
      ),
      ...(onetTitles.get(role.id) ?? []).map((t): [string, number, "EN" | "FR"] => [t, ONET_ALTERNATE, "EN"]),
    ];
    const keys = new Map<string, { title: string; kind: number; lang: string; titles: Set<string> }>();
    const acronyms = new Set<string>();
    for (const [title, kind, lang] of sources) {
      for (const part of titleParts(title)) {
        const words = [...new Set(vocabulary.key(part))];
        if (words.length === 0) continue;
        const key = words.join(" ");
        const known = keys.get(key);
        const titles = known?.titles ?? new Set<string>();
        titles.add(title.toLowerCase());
        if (!known || kind < known.kind) keys.set(key, { title, kind, lang, titles });
        const acronym = acronymOf(words);
        if (acronym && kind !== ONET_ALTERNATE) acronyms.add(acronym);
      }
    }
    const entries = [...keys.entries()];
    role.props.searchKeys = entries.map(([k]) => k);
    role.props.searchKeyTitles = entries.map(([, v]) => v.title);
    role.props.searchKeyKinds = entries.map(([, v]) => v.kind);
    role.props.searchKeyLangs = entries.map(([, v]) => v.lang);
    role.props.searchKeyCounts = entries.map(([, v]) => v.titles.size);
    role.props.searchAcronyms = [...acronyms].sort();
    // The article's roles are the curated ones: among equal matches, search prefers them.
    role.props.searchCurated = role.where.file.startsWith("article/");
  }
}
