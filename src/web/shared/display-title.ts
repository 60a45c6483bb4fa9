/**
 * One casing for every title on screen. The sources disagree: the article writes "Chief Operating
 * Officer", ESCO writes "supply chain manager". English titles are shown in Title Case, French ones
 * with a capital on the first word only (French typography); words that already carry a capital
 * (COO, ICT, eCommerce) are kept as they are. Shared by the widget and the explorer bundles; the
 * API's own text is never changed, only how it is displayed.
 */

/** Short English words that stay lower case inside a title (never as its first word). */
const MINOR = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
  "via",
  "with",
]);

function capitalise(word: string): string {
  const first = word.codePointAt(0);
  if (first === undefined) return word;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase() + word.slice(head.length);
}

/** `lang` is the language of the title ("en", "fr", "fr-CA"…); anything but French is English. */
export function displayTitle(title: string, lang = "en"): string {
  const text = title.trim();
  if (lang.toLowerCase().startsWith("fr")) return capitalise(text);
  // Split on spaces, keeping hyphenated and slashed parts as words of their own.
  return text
    .split(/(\s+|[-/])/)
    .map((part, i) => {
      if (/^\s+$|^[-/]$/.test(part) || part === "") return part;
      // A word with a capital anywhere is deliberate (an acronym, a brand): leave it.
      if (/\p{Lu}/u.test(part)) return part;
      if (i > 0 && MINOR.has(part)) return part;
      return capitalise(part);
    })
    .join("");
}
