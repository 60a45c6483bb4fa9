import { DEFAULT_SEEDS_DIR } from "../../seed/pipeline.js";
import { loadVocabulary, type QueryVariant, type Vocabulary } from "../../search/vocabulary.js";
import { editDistance, escapeLucene } from "./lucene.js";

export type Lang = "EN" | "FR";

/** A role found by the full-text index, with the search keys the seed stored on it. */
export interface SearchCandidate {
  id: string;
  luceneScore: number;
  keys: string[];
  titles: string[];
  kinds: number[];
  langs: string[];
  /** How many of the role's titles give each key. */
  counts: number[];
  acronyms: string[];
  curated: boolean;
}

export interface RankedHit {
  roleId: string;
  score: number;
  matchedTitle: string;
  matchedLanguage: Lang;
}

let shared: Vocabulary | null = null;

/** The synonym table of the seeds (seeds/reference/search-synonyms.yaml), read once per process. */
export function searchVocabulary(): Vocabulary {
  shared ??= loadVocabulary(DEFAULT_SEEDS_DIR);
  return shared;
}

/** How many roles the full-text index hands to the ranking below. */
export const CANDIDATES = 200;

/** An O*NET alternate title names a broad code (General and Operations Managers): slightly less sure. */
const KIND_WEIGHT = [1, 1, 0.97];
/** A one-word search equal to the initials of a title ("hrd"): below a synonym the table states. */
const ACRONYM_SCORE = 0.9;

/**
 * The Lucene query that gathers candidates: every word of every reading, each exact (boosted) or,
 * from 4 letters, within one or two edits; escaped, so the text is never query syntax.
 */
export function candidateQuery(variants: readonly QueryVariant[]): string {
  const words = [...new Set(variants.flatMap((v) => v.words))];
  return words
    .map((word) => {
      const term = escapeLucene(word);
      return word.length >= 4 ? `(${term}^2 OR ${term}~${word.length >= 7 ? 2 : 1})` : term;
    })
    .join(" ");
}

/** How well one search word matches one title word: 1 exact, less for a typo or a prefix. */
function wordScore(q: string, k: string): number {
  if (q === k) return 1;
  if (q.length >= 4) {
    const allowed = q.length >= 7 ? 2 : 1;
    if (Math.abs(q.length - k.length) <= allowed && editDistance(q, k) <= allowed) return 0.8;
    if (k.startsWith(q)) return 0.6;
  }
  return 0;
}

/**
 * How well a reading matches a key, in 0..1: the share of the search's words found in the key
 * (typos and prefixes count for less), times how much of the key they cover, so "operations
 * manager" prefers the title "operations manager" to "ICT operations manager". 1 = same words.
 */
export function keyScore(query: readonly string[], key: readonly string[]): number {
  const qs = [...new Set(query)];
  const ks = [...new Set(key)];
  if (qs.length === 0 || ks.length === 0) return 0;
  let found = 0;
  const covered = new Set<string>();
  for (const q of qs) {
    let best = 0;
    let bestKey: string | null = null;
    for (const k of ks) {
      const s = wordScore(q, k);
      if (s > best) {
        best = s;
        bestKey = k;
      }
    }
    found += best;
    if (bestKey !== null) covered.add(bestKey);
  }
  return (found / qs.length) * (0.5 + (0.5 * covered.size) / ks.length);
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

interface Scored {
  hit: RankedHit;
  own: boolean;
  inLang: boolean;
  agreeing: number;
  curated: boolean;
}

/** Scores one candidate: its best key over every reading of the search. */
function scoreCandidate(c: SearchCandidate, variants: readonly QueryVariant[], lang: Lang | null): Scored {
  let best = 0;
  let at = -1;
  let agreeing = 0;
  let bestRank: [number, number] = [Infinity, Infinity];
  c.keys.forEach((key, i) => {
    const words = key.split(" ");
    const kind = c.kinds[i] ?? 1;
    const kindWeight = KIND_WEIGHT[kind] ?? 1;
    let score = 0;
    for (const v of variants) score = Math.max(score, keyScore(v.words, words) * v.weight * kindWeight);
    score = round(score);
    // Among keys that score the same: the role's own title first, then one in the asked language.
    const rank: [number, number] = [kind === 0 ? 0 : 1, lang && c.langs[i] === lang ? 0 : 1];
    const titles = c.counts[i] ?? 1;
    if (score > best) {
      best = score;
      at = i;
      agreeing = titles;
      bestRank = rank;
    } else if (score === best && score > 0) {
      agreeing += titles;
      if (rank[0] < bestRank[0] || (rank[0] === bestRank[0] && rank[1] < bestRank[1])) {
        at = i;
        bestRank = rank;
      }
    }
  });
  const single = variants.length > 0 && variants.every((v) => v.words.length === 1);
  if (single && variants.some((v) => v.words[0] && c.acronyms.includes(v.words[0]))) {
    if (ACRONYM_SCORE > best) {
      best = ACRONYM_SCORE;
      at = c.kinds.indexOf(0);
      agreeing = 1;
      bestRank = [0, 1];
    }
  }
  const i = at < 0 ? 0 : at;
  return {
    hit: {
      roleId: c.id,
      score: best,
      matchedTitle: c.titles[i] ?? "",
      matchedLanguage: c.langs[i] === "FR" ? "FR" : "EN",
    },
    own: bestRank[0] === 0,
    inLang: bestRank[1] === 0,
    agreeing,
    curated: c.curated,
  };
}

/**
 * Ranks the candidates of a search. Score = 0.98 × (best key score over every reading) + 0.02 ×
 * preference, where preference (0..1) favours a match on the role's own title (0.5), on a title in
 * the asked language (0.25), a role with more of its titles matching as well (up to 0.2) and a
 * role of the curated article (0.05). Best first, ties by id.
 */
export function rankCandidates(
  candidates: readonly SearchCandidate[],
  variants: readonly QueryVariant[],
  lang: Lang | null,
  limit: number,
): RankedHit[] {
  return candidates
    .map((c) => scoreCandidate(c, variants, lang))
    .filter((s) => s.hit.score > 0)
    .map(({ hit, own, inLang, agreeing, curated }) => {
      const preference =
        0.5 * Number(own) +
        0.25 * Number(inLang) +
        (0.2 * Math.min(agreeing, 10)) / 10 +
        0.05 * Number(curated);
      return { ...hit, score: round(0.98 * hit.score + 0.02 * preference) };
    })
    .sort((a, b) => b.score - a.score || (a.roleId < b.roleId ? -1 : a.roleId > b.roleId ? 1 : 0))
    .slice(0, limit);
}
