import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  describeFormulas,
  moveConfidence,
  moveKind,
  pathConfidence,
  relatedScore,
  skillSimilarity,
} from "../../src/career/formulas.js";

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");

describe("The career formulas", () => {
  it("are quoted word for word by docs/career-model.md, the one place that explains them", () => {
    const docs = read("docs/career-model.md");
    for (const line of describeFormulas()) expect(docs).toContain(line);
  });

  it("state the related-roles weights in the schema description of Role.relatedRoles", () => {
    const schema = read("graph/schema/career.graphql");
    expect(schema).toContain(describeFormulas()[0]?.replace("score = ", ""));
  });

  it("weigh the related-roles terms 0.5, 0.2, 0.1 and 0.2, rounded to 4 decimals", () => {
    expect(relatedScore({ skills: 1, tools: 1, sectors: 1, link: 1 })).toBe(1);
    expect(relatedScore({ skills: 0, tools: 0, sectors: 0, link: 0.55 })).toBe(0.11);
    expect(relatedScore({ skills: 1 / 3, tools: 0, sectors: 0, link: 0 })).toBe(0.1667);
  });

  it("type a move ADVANCEMENT only when the level goes up", () => {
    expect(moveKind(0.5)).toBe("ADVANCEMENT");
    expect(moveKind(0)).toBe("LATERAL");
    expect(moveKind(-2)).toBe("LATERAL");
  });

  it("scale a stated move's confidence down for a steep climb and a large pay cut", () => {
    expect(moveConfidence({ evidence: "ARTICLE", similarity: 0, levelStep: 0, wageRatio: null })).toEqual({
      base: 0.9,
      confidence: 0.9,
    });
    expect(
      moveConfidence({ evidence: "CURATED", similarity: 0, levelStep: 2, wageRatio: 0.5 }).confidence,
    ).toBe(0.36);
    const onet = moveConfidence({
      evidence: "REFERENCE",
      tier: "Primary-Long",
      rank: 11,
      similarity: 0,
      levelStep: 1,
      wageRatio: 1.2,
    });
    expect(onet).toEqual({ base: 0.54, confidence: 0.54 });
    expect(
      moveConfidence({ evidence: "DERIVED", similarity: 0.3, levelStep: 1, wageRatio: null }).confidence,
    ).toBe(0.3);
    expect(
      moveConfidence({ evidence: "DERIVED", similarity: 0.9, levelStep: 0, wageRatio: null }).confidence,
    ).toBe(0.5);
  });

  it("measure skill similarity as the mean of the skills' and the skill groups' Jaccard indexes", () => {
    expect(skillSimilarity(0.2, 0.4)).toBeCloseTo(0.3, 10);
  });

  it("rate a path by the product of its moves' confidences, a move without one counting 0.5", () => {
    expect(pathConfidence([])).toBe(1);
    expect(pathConfidence([0.9, 0.5])).toBe(0.45);
    expect(pathConfidence([0.8, null])).toBe(0.4);
  });
});
