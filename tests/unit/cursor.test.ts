/** Connection cursors: only the ones @neo4j/graphql hands out are accepted (src/limits/arguments.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIST_LIMITS, cursorOffset } from "../../src/limits/arguments.js";

const cursor = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("cursorOffset", () => {
  it("reads back the offset of every cursor the API hands out, up to the largest offset", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LIST_LIMITS.maxOffset }), (offset) => {
        expect(cursorOffset(cursor(`arrayconnection:${offset}`))).toBe(offset);
      }),
    );
  });

  it("refuses offsets past the limit, negative or made-up ones, and anything that is not a string", () => {
    expect(cursorOffset(cursor(`arrayconnection:${LIST_LIMITS.maxOffset + 1}`))).toBeNull();
    expect(cursorOffset(cursor("arrayconnection:-5"))).toBeNull();
    expect(cursorOffset(cursor("arrayconnection:NaN"))).toBeNull();
    expect(cursorOffset(cursor("somethingelse:5"))).toBeNull();
    expect(cursorOffset(5)).toBeNull();
    expect(cursorOffset(null)).toBeNull();
    expect(cursorOffset("x".repeat(100))).toBeNull();
  });

  it("refuses a lenient base64 variant of a valid cursor (no padding)", () => {
    const valid = cursor("arrayconnection:1");
    expect(valid.endsWith("=")).toBe(true);
    expect(cursorOffset(valid.replace(/=+$/, ""))).toBeNull();
  });
});
