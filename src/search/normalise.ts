/**
 * Text normalisation shared by the seed (search keys stored on each role) and the request path
 * (the words of a search): the same function on both sides, so that a title and a query that
 * differ only by case, accents, French elision, grammatical gender or small words meet.
 */

/** Words that never decide which role is meant (English and French). */
const STOPWORDS = new Set([
  "a",
  "an",
  "and",
  "at",
  "for",
  "in",
  "of",
  "on",
  "the",
  "to",
  "au",
  "aux",
  "d",
  "de",
  "des",
  "du",
  "en",
  "et",
  "l",
  "la",
  "le",
  "les",
  "pour",
  "un",
  "une",
]);

/**
 * French feminine endings and the masculine they pair with, longest first. Applied to words of 5+
 * letters on both sides, so "directrice" and "directeur", "générale" and "général", "adjointe" and
 * "adjoint", "cheffe" and "chef" become the same key, also for labels a source gives in one form only.
 */
const FEMININE_ENDINGS: readonly (readonly [string, string])[] = [
  ["trice", "teur"],
  ["ienne", "ien"],
  ["euse", "eur"],
  ["elle", "el"],
  ["iere", "ier"],
  ["ere", "er"],
  ["ive", "if"],
  ["ale", "al"],
  ["ante", "ant"],
  ["ente", "ent"],
  ["inte", "int"],
  ["ffe", "f"],
  ["ee", "e"],
];

/** Lower case, accents and ligatures folded, typographic apostrophes made plain. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘`´]/g, "'")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE")
    .toLowerCase();
}

/** The masculine form of a French word by its ending ("directrice" → "directeur"). */
export function genderFold(word: string): string {
  if (word.length < 5) return word;
  for (const [feminine, masculine] of FEMININE_ENDINGS) {
    if (word.endsWith(feminine)) return word.slice(0, -feminine.length) + masculine;
  }
  return word;
}

/**
 * The words of a text as search keys: folded, French elision removed ("d'usine" → "usine"),
 * split on anything that is not a letter or digit, small words dropped, gender folded.
 */
export function keyWords(text: string): string[] {
  return fold(text)
    .replace(/\b(?:l|d|qu|j|n|s|c|m|t)'/g, " ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOPWORDS.has(w))
    .map(genderFold);
}

/**
 * The titles a source writes with both genders, one per form: "Directeur / Directrice logistique"
 * and "directeur des opérations/directrice des opérations" give each form alone. Only the first
 * slash splits: what stands before its last word and after the next word is shared.
 */
export function genderForms(title: string): string[] {
  const slash = title.indexOf("/");
  if (slash < 0) return [title.trim()];
  const left = title.slice(0, slash).trim().split(/\s+/);
  const right = title
    .slice(slash + 1)
    .trim()
    .split(/\s+/);
  // "directeur des opérations/directrice des opérations": two whole titles.
  if (left.length > 1 && left.slice(1).join(" ") === right.slice(1).join(" ")) {
    return [left.join(" "), right.join(" ")];
  }
  const prefix = left.slice(0, -1).join(" ");
  const suffix = right.slice(1).join(" ");
  return [left.at(-1) ?? "", right[0] ?? ""].map((word) => `${prefix} ${word} ${suffix}`.trim());
}

/** Initials of a title's words ("chief operating officer" → "coo"), for 2 to 5 words. */
export function acronymOf(words: readonly string[]): string | null {
  if (words.length < 2 || words.length > 5) return null;
  if (words.some((w) => !/^\p{L}/u.test(w))) return null;
  return words.map((w) => w[0]).join("");
}
