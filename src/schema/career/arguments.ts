import { badUserInput } from "../../errors.js";

/** An integer argument within [min, max], or BAD_USER_INPUT naming the argument and the range. */
export function intInRange(argument: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(argument, `must be between ${min} and ${max}; got ${value}`);
  }
  return value;
}

/** A list of 1..max ids, repeats removed (first occurrence kept). */
export function idList(argument: string, ids: readonly string[], max: number): string[] {
  const unique = [...new Set(ids)];
  if (unique.length < 1 || unique.length > max) {
    throw badUserInput(argument, `must hold between 1 and ${max} distinct ids; got ${unique.length}`);
  }
  return unique;
}

export const MAX_SEARCH_TEXT = 200;

/** The words of a search text, lower-cased: letters and digits of any script; everything else separates. */
export function searchWords(argument: string, text: string): string[] {
  if (text.trim().length === 0 || text.length > MAX_SEARCH_TEXT) {
    throw badUserInput(
      argument,
      `must hold 1 to ${MAX_SEARCH_TEXT} characters, not only spaces; got ${text.length} characters`,
    );
  }
  return text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 20);
}
