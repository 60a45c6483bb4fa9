import { badUserInput } from "../../errors.js";
import { MAX_SEARCH_TEXT } from "../../limits/policy.js";

/**
 * A list of ids with repeats removed (first occurrence kept). Its size (and every integer
 * argument's range) is checked before execution: src/limits/arguments.ts.
 */
export function distinctIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

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
