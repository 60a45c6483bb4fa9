/** Escaping for the full-text index and the typo distance that search ranking uses (src/schema/career/lucene.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, escapeLucene } from "../../src/schema/career/lucene.js";

describe("escapeLucene", () => {
  it("escapes every character with a meaning in Lucene's syntax, so text is never query syntax", () => {
    expect(escapeLucene("c++")).toBe("c\\+\\+");
    expect(escapeLucene("(a)[b]{c}^~*?\\/!&|-")).toBe("\\(a\\)\\[b\\]\\{c\\}\\^\\~\\*\\?\\\\\\/\\!\\&\\|\\-");
  });

  it("leaves no special character unescaped, whatever the words", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }), (words) => {
        for (const word of words) {
          // Dropping each escaped pair leaves no special character behind.
          const rest = escapeLucene(word).replace(/\\./g, "");
          expect(rest).not.toMatch(/[+\-&|!(){}[\]^"~*?:\\/]/);
        }
      }),
    );
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("is symmetric and never more than the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it("counts a swap of two neighbouring letters as one edit", () => {
    expect(editDistance("cheif", "chief")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
  });
});
