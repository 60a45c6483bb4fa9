/** Characters with a meaning in Lucene's query syntax. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

export function escapeLucene(word: string): string {
  return word.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
}

/**
 * A Lucene query for plain words: each word must match exactly or, for words of 4+ letters,
 * within one or two edits (Lucene's fuzzy query); an exact match weighs more. Words are
 * escaped, so the text is never query syntax.
 */
export function fuzzyQuery(words: readonly string[]): string {
  return words
    .map((word) => {
      const term = escapeLucene(word);
      return word.length >= 4 ? `(${term}^2 OR ${term}~${word.length >= 7 ? 2 : 1})` : term;
    })
    .join(" ");
}

/** Levenshtein distance, for telling which title a hit matched. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The name (title or alternative title) whose words best match the search words. */
export function bestMatchingTitle(words: readonly string[], names: readonly string[]): string {
  let best = names[0] ?? "";
  let bestScore = -Infinity;
  for (const name of names) {
    const nameWords = name
      .normalize("NFC")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0);
    let score = 0;
    for (const word of words) {
      const distance = Math.min(...nameWords.map((w) => editDistance(word, w)), Infinity);
      if (distance === 0) score += 2;
      else if (distance <= (word.length >= 7 ? 2 : 1)) score += 1;
    }
    score -= nameWords.length * 0.01; // prefer the shorter name among equals
    if (score > bestScore) {
      bestScore = score;
      best = name;
    }
  }
  return best;
}
