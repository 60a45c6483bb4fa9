import { pattern, SeedProblem, type GraphBatch, type Position } from "../graph-batch.js";
import type { Mappings } from "./mappings.js";
import { forms } from "./rome.js";

/** Lower case, no accents, words separated by one space: for comparing titles. */
export function normaliseTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The normalised forms of a title: "Directeur / Directrice logistique" and "directeur des
 * opérations/directrice des opérations" give both genders.
 */
export function titleKeys(title: string): string[] {
  // "a b/c d" names two whole titles; "Chef / Cheffe de fabrication" shares what follows.
  const parts = title.split("/").map(normaliseTitle);
  const words = parts.map((p) => p.split(" ").length);
  const whole = parts.length > 1 && words.every((n) => n > 1 && n === words[0]);
  const variants = whole ? parts : forms(title).map(normaliseTitle);
  return [...new Set([normaliseTitle(title), ...variants])].filter((k) => k.length > 0);
}

/** Each role's alternative titles as the curated YAML seeds state them, before reference data. */
export function curatedTitles(batch: GraphBatch): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const role of batch.nodes.get("Role")?.values() ?? []) {
    const titles = Array.isArray(role.props.alternativeTitles) ? role.props.alternativeTitles : [];
    result.set(role.id, new Set(titles.flatMap((t) => titleKeys(String(t)))));
  }
  return result;
}

/**
 * A title shared by two roles joined by a progression (in either direction) belongs to one of
 * them: the role named in `titleOwners` (mappings.yaml), else the only one whose own title contains
 * it ("managing director" is the CEO's, "Chief Executive Officer (Managing Director)"), else the
 * only one whose curated titles list it. The other role loses it. A title no rule settles stays on
 * both roles and is listed in their `sharedTitles`.
 */
export function resolveSharedTitles(
  batch: GraphBatch,
  curated: Map<string, Set<string>>,
  owners: Mappings["titleOwners"],
  at: (keys: readonly (string | number)[]) => Position,
): void {
  const ownerByTitle = new Map<string, string>();
  owners.forEach((o, i) => {
    const key = normaliseTitle(o.title);
    if (!batch.hasNode("Role", o.role)) {
      batch.problems.push(
        new SeedProblem(at(["titleOwners", i, "role"]), `titleOwners: unknown role "${o.role}"`),
      );
    } else if (ownerByTitle.has(key)) {
      batch.problems.push(
        new SeedProblem(
          at(["titleOwners", i, "title"]),
          `titleOwners: duplicate row for the title "${o.title}"`,
        ),
      );
    } else {
      ownerByTitle.set(key, o.role);
    }
  });
  if (batch.problems.length > 0) return;

  const pairs = new Set<string>();
  for (const row of batch.relationships.get(pattern("Role", "PROGRESSES_TO", "Role"))?.values() ?? []) {
    const [a, b] = [row.from, row.to].sort() as [string, string];
    pairs.add(`${a}\u0000${b}`);
  }
  const roleTitle = (id: string) => normaliseTitle(String(batch.getNode("Role", id)?.props.title ?? ""));
  const alternatives = (id: string): string[] => {
    const list = batch.getNode("Role", id)?.props.alternativeTitles;
    return Array.isArray(list) ? list.map(String) : [];
  };
  const contains = (haystack: string, needle: string) => ` ${haystack} `.includes(` ${needle} `);
  const shared = new Map<string, Set<string>>();
  for (const pair of [...pairs].sort()) {
    const [a, b] = pair.split("\u0000") as [string, string];
    const keysOf = (id: string) =>
      new Set([...titleKeys(roleTitle(id)), ...alternatives(id).flatMap((t) => titleKeys(t))]);
    const ofB = keysOf(b);
    for (const key of [...keysOf(a)].filter((k) => ofB.has(k)).sort()) {
      const candidates = [a, b];
      let owner = ownerByTitle.get(key);
      if (!owner || !candidates.includes(owner)) {
        const inTitle = candidates.filter((r) => contains(roleTitle(r), key));
        const inCurated = candidates.filter((r) => curated.get(r)?.has(key));
        owner = inTitle.length === 1 ? inTitle[0] : inCurated.length === 1 ? inCurated[0] : undefined;
      }
      const other = candidates.find((r) => r !== owner) as string;
      if (owner && !titleKeys(roleTitle(other)).includes(key)) {
        const node = batch.getNode("Role", other);
        if (node) {
          node.props.alternativeTitles = alternatives(other).filter((t) => !titleKeys(t).includes(key));
        }
      } else {
        for (const r of candidates) shared.set(r, (shared.get(r) ?? new Set()).add(key));
      }
    }
  }
  for (const role of batch.nodes.get("Role")?.values() ?? []) {
    const titles = shared.get(role.id);
    role.props.sharedTitles = titles
      ? alternatives(role.id).filter((t) => titleKeys(t).some((k) => titles.has(k)))
      : [];
  }
}
