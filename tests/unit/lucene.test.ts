/** The Lucene query that searchRoles sends to the full-text index (src/schema/career/lucene.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestMatchingTitle, editDistance, escapeLucene, fuzzyQuery } from "../../src/schema/career/lucene.js";

describe("fuzzyQuery", () => {
  it("matches short words exactly, 4-6 letters within one edit, 7+ within two, exact matches boosted", () => {
    expect(fuzzyQuery(["it", "chief", "operating"])).toBe(
      "it (chief^2 OR chief~1) (operating^2 OR operating~2)",
    );
  });

  it("escapes every character with a meaning in Lucene's syntax, so text is never query syntax", () => {
    expect(fuzzyQuery(["c++", 'a"b', "x:y"])).toBe('c\\+\\+ a\\"b x\\:y');
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

describe("editDistance and bestMatchingTitle", () => {
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

  it("picks the title whose words match best, the shorter among equals", () => {
    const titles = [
      "Chief Operating Officer",
      "Chief Operations Officer of a Large Group",
      "Operations Manager",
    ];
    expect(bestMatchingTitle(["chief", "operating"], titles)).toBe("Chief Operating Officer");
    expect(bestMatchingTitle(["operations"], titles)).toBe("Operations Manager");
  });
});
