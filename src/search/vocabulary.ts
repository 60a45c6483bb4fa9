import { z } from "zod";
import { SeedProblem, SeedValidationError } from "../seed/graph-batch.js";
import { readYamlFile, SYNONYMS_FILE } from "../seed/yaml-seeds.js";
import { keyWords } from "./normalise.js";

export { SYNONYMS_FILE };
const sourced = {
  source: z.enum(["onet", "esco", "rome", "curated"], {
    error: "must be one of onet, esco, rome, curated",
  }),
  evidence: z.string().min(10, "must say where the equivalence comes from (a title, a code, a reason)"),
};

const term = z.string().min(1, "must not be empty");

const synonymsSchema = z.strictObject({
  same: z.array(
    z.strictObject({
      terms: z.array(term).min(2, "needs at least two terms that mean the same"),
      ...sourced,
    }),
  ),
  expands: z.array(
    z.strictObject({
      term,
      to: z.array(term).min(1, "needs at least one replacement"),
      ...sourced,
    }),
  ),
});

export type SynonymTable = z.infer<typeof synonymsSchema>;

/** One way of reading a search: its words and how far it strays from what was typed (0..1]. */
export interface QueryVariant {
  words: string[];
  weight: number;
}

/** Weight of a reading produced by an `expands` row: close, but below what was typed. */
const EXPANSION_WEIGHT = 0.95;
const MAX_EXPANSION_STEPS = 2;
const MAX_VARIANTS = 32;

const startsAt = (words: readonly string[], at: number, phrase: readonly string[]) =>
  phrase.length > 0 && phrase.every((w, i) => words[at + i] === w);

/**
 * The search vocabulary: `same` rows rewrite every title and every search to the row's first term
 * (so "COO", "chief operations officer" and "chief operating officer" are one key), and `expands`
 * rows give a search further readings ("head of HR" is also read "HR director").
 */
export class Vocabulary {
  /** Phrase → canonical words, longest phrase first. */
  private readonly same: { phrase: string[]; canonical: string[] }[] = [];
  private readonly expands: { phrase: string[]; to: string[][] }[] = [];

  constructor(table: SynonymTable) {
    for (const row of table.same) {
      const canonical = keyWords(row.terms[0] as string);
      for (const t of row.terms) this.same.push({ phrase: keyWords(t), canonical });
    }
    this.same.sort((a, b) => b.phrase.length - a.phrase.length);
    for (const row of table.expands) {
      this.expands.push({
        phrase: this.canonical(keyWords(row.term)),
        to: row.to.map((t) => this.canonical(keyWords(t))),
      });
    }
    this.expands.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  /** Rewrites every `same` phrase to its canonical words (longest match, left to right). */
  canonical(words: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length;) {
      const hit = this.same.find((s) => startsAt(words, i, s.phrase));
      if (hit) {
        out.push(...hit.canonical);
        i += hit.phrase.length;
      } else {
        out.push(words[i] as string);
        i += 1;
      }
    }
    return out;
  }

  /** The canonical key words of a title or a search text. */
  key(text: string): string[] {
    return this.canonical(keyWords(text));
  }

  /**
   * The readings of a search: as typed (canonical), then the expansions of its phrases, and the
   * expansions of those ("head of people" → "director people" → "director human resources"), each
   * step weighing EXPANSION_WEIGHT; at most MAX_EXPANSION_STEPS steps and MAX_VARIANTS readings.
   */
  variants(text: string): QueryVariant[] {
    const typed = this.key(text);
    const variants: QueryVariant[] = [{ words: typed, weight: 1 }];
    const seen = new Set([typed.join(" ")]);
    let level = [variants[0] as QueryVariant];
    for (let step = 0; step < MAX_EXPANSION_STEPS && level.length > 0; step++) {
      const next: QueryVariant[] = [];
      for (const v of level) {
        for (const e of this.expands) {
          for (let i = 0; i < v.words.length; i++) {
            if (!startsAt(v.words, i, e.phrase)) continue;
            for (const to of e.to) {
              const words = [...v.words.slice(0, i), ...to, ...v.words.slice(i + e.phrase.length)];
              const k = words.join(" ");
              if (words.length === 0 || seen.has(k) || variants.length >= MAX_VARIANTS) continue;
              seen.add(k);
              const variant = { words, weight: v.weight * EXPANSION_WEIGHT };
              variants.push(variant);
              next.push(variant);
            }
          }
        }
      }
      level = next;
    }
    return variants;
  }
}

/** Reads and validates the table; errors name the file, line and column of each problem. */
export function readSynonyms(seedsDir: string, problems: SeedProblem[]): SynonymTable | null {
  const before = problems.length;
  const read = readYamlFile(seedsDir, SYNONYMS_FILE, synonymsSchema, problems);
  if (!read) return null;
  const { data, at } = read;
  data.same.forEach((row, i) =>
    row.terms.forEach((t, j) => {
      if (keyWords(t).length === 0)
        problems.push(
          new SeedProblem(
            at(["same", i, "terms", j]),
            `same.${i}.terms.${j}: "${t}" has no word left once small words are dropped`,
          ),
        );
    }),
  );
  data.expands.forEach((row, i) => {
    if (keyWords(row.term).length === 0)
      problems.push(
        new SeedProblem(at(["expands", i, "term"]), `expands.${i}.term: "${row.term}" has no word left`),
      );
  });
  return problems.length > before ? null : data;
}

/** The vocabulary of a seeds directory; throws SeedValidationError listing every problem. */
export function loadVocabulary(seedsDir: string): Vocabulary {
  const problems: SeedProblem[] = [];
  const table = readSynonyms(seedsDir, problems);
  if (!table) throw new SeedValidationError(problems);
  return new Vocabulary(table);
}
