import { describe, expect, it } from "vitest";
import {
  classifyGrowth,
  fmtSpread,
  growthExponent,
  markdownTable,
  pairedRatios,
  percentile,
  spread,
  wavesOf,
} from "../bench/stats.js";
import { decodeParams, encodeParams } from "../bench/recording.js";
import { benchOperations, OPERATION_KEYS } from "../bench/operations.js";
import neo4j from "neo4j-driver";

describe("Bench statistics", () => {
  it("interpolates percentiles between closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    expect(percentile([10], 99)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("describes a spread by median, extremes and quartiles, ignoring non-finite values", () => {
    expect(spread([3, 1, 2, Number.NaN, 5, 4])).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, n: 5 });
    expect(spread([]).n).toBe(0);
    expect(fmtSpread(spread([1, 1.5, 2]))).toBe("1.50 (1.00–2.00)");
    expect(fmtSpread(spread([]))).toBe("n/a");
  });

  it("pairs ratios round by round and leaves a zero denominator unmeasured", () => {
    expect(pairedRatios([2, 6, 9], [1, 3])).toEqual([2, 2]);
    expect(pairedRatios([1], [0])[0]).toBeNaN();
  });

  it("names growth by its exponent against the size ratio", () => {
    expect(growthExponent(2, 2, 100, 1000)).toBeCloseTo(0);
    expect(growthExponent(2, 20, 100, 1000)).toBeCloseTo(1);
    expect(growthExponent(2, 200, 100, 1000)).toBeCloseTo(2);
    expect(growthExponent(0, 2, 100, 1000)).toBeNaN();
    expect(classifyGrowth(0.1)).toBe("flat");
    expect(classifyGrowth(0.5)).toBe("sublinear");
    expect(classifyGrowth(1)).toBe("linear");
    expect(classifyGrowth(1.6)).toBe("superlinear");
    expect(classifyGrowth(Number.NaN)).toBe("n/a");
  });

  it("groups transactions sent together into one wave and later ones into the next", () => {
    const spans = [
      { start: 0, end: 5 },
      { start: 6, end: 9 },
      { start: 6.1, end: 8 },
      { start: 10, end: 12 },
    ];
    expect(wavesOf(spans)).toEqual([[0], [1, 2], [3]]);
    expect(wavesOf([])).toEqual([]);
  });

  it("escapes pipes in Markdown cells", () => {
    expect(markdownTable(["a", "b"], [["x|y", "z"]])).toBe("| a | b |\n| --- | --- |\n| x\\|y | z |");
  });

  it("keeps driver Integers through JSON so a replay sends the same types", () => {
    const params = { limit: neo4j.int(5), ids: ["a"], nested: { n: neo4j.int(7), f: 0.5 } };
    const decoded = decodeParams(JSON.parse(JSON.stringify(encodeParams(params)))) as typeof params;
    expect(neo4j.isInt(decoded.limit) && decoded.limit.toNumber()).toBe(5);
    expect(neo4j.isInt(decoded.nested.n)).toBe(true);
    expect(decoded.nested.f).toBe(0.5);
    expect(decoded.ids).toEqual(["a"]);
  });
});

describe("Bench operations", () => {
  it("names every operation by one of the keys --only accepts, in order", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `role-${i}`);
    expect(benchOperations(ids(10), ids(50)).map((op) => op.key)).toEqual(OPERATION_KEYS);
  });
});
