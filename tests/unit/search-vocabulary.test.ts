import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SeedValidationError, type SeedProblem } from "../../src/seed/graph-batch.js";
import { DEFAULT_SEEDS_DIR } from "../../src/seed/pipeline.js";
import { acronymOf, genderForms, keyWords } from "../../src/search/normalise.js";
import { loadVocabulary, readSynonyms, SYNONYMS_FILE } from "../../src/search/vocabulary.js";

describe("search normalisation", () => {
  it("folds case, accents, typographic apostrophes and French elision, and drops small words", () => {
    expect(keyWords("Directeur d’Usine")).toEqual(["directeur", "usine"]);
    expect(keyWords("Responsable de l'Entrepôt")).toEqual(["responsable", "entrepot"]);
    expect(keyWords("Head of the Operations")).toEqual(["head", "operations"]);
  });

  it("gives the feminine and masculine forms of a French word the same key", () => {
    for (const [feminine, masculine] of [
      ["directrice générale adjointe", "directeur général adjoint"],
      ["acheteuse", "acheteur"],
      ["pharmacienne", "pharmacien"],
      ["conseillère", "conseiller"],
      ["directrice financière", "directeur financier"],
      ["cheffe de projet", "chef de projet"],
      ["gérante", "gérant"],
    ] as const) {
      expect(keyWords(feminine), feminine).toEqual(keyWords(masculine));
    }
  });

  it("splits titles written with both genders", () => {
    expect(genderForms("Directeur / Directrice logistique")).toEqual([
      "Directeur logistique",
      "Directrice logistique",
    ]);
    expect(genderForms("directeur des opérations/directrice des opérations")).toEqual([
      "directeur des opérations",
      "directrice des opérations",
    ]);
    expect(genderForms("Operations Manager")).toEqual(["Operations Manager"]);
  });

  it("takes initials of 2 to 5 words only", () => {
    expect(acronymOf(["chief", "operating", "officer"])).toBe("coo");
    expect(acronymOf(["directeur", "ressources", "humaines"])).toBe("drh");
    expect(acronymOf(["manager"])).toBeNull();
  });
});

describe("the synonym table", () => {
  const vocabulary = loadVocabulary(DEFAULT_SEEDS_DIR);

  it("rewrites abbreviations and their long forms to the same key, in English and French", () => {
    expect(vocabulary.key("COO")).toEqual(vocabulary.key("Chief Operating Officer"));
    expect(vocabulary.key("DRH")).toEqual(vocabulary.key("directrice des ressources humaines"));
    expect(vocabulary.key("head of ops")).toEqual(vocabulary.key("head of operations"));
    expect(vocabulary.key("chief people officer")).toEqual(vocabulary.key("CHRO"));
  });

  it("reads a search also through its expansions, below what was typed", () => {
    const variants = vocabulary.variants("head of HR");
    expect(variants[0]).toEqual({ words: vocabulary.key("head HR"), weight: 1 });
    const readings = variants.slice(1).map((v) => [...v.words].sort().join(" "));
    expect(readings).toContain([...vocabulary.key("human resources director")].sort().join(" "));
    expect(variants.slice(1).every((v) => v.weight < 1)).toBe(true);
  });

  describe("validation", () => {
    let dir: string | null = null;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    });
    const withTable = (text: string) => {
      dir = mkdtempSync(path.join(os.tmpdir(), "synonyms-"));
      mkdirSync(path.join(dir, "reference"));
      writeFileSync(path.join(dir, SYNONYMS_FILE), text);
      return dir;
    };

    it("names the file, line and field of a row without its source, and the allowed values", () => {
      const problems: SeedProblem[] = [];
      const table = readSynonyms(
        withTable(
          [
            "same:",
            "  - terms: [chief operating officer, COO]",
            "    source: onet",
            "    evidence: O*NET alternate title Chief Operating Officer (COO)",
            "  - terms: [x, y]",
            "    source: wikipedia",
            "    evidence: because",
            "expands: []",
          ].join("\n"),
        ),
        problems,
      );
      expect(table).toBeNull();
      const text = problems.map(String).join("\n");
      expect(text).toContain(`${SYNONYMS_FILE}:6`);
      expect(text).toContain("same.1.source");
      expect(text).toContain("onet, esco, rome, curated");
      expect(text).toContain("same.1.evidence");
    });

    it("refuses a term made only of small words", () => {
      const dir = withTable(
        [
          "same:",
          "  - terms: [operations, of the]",
          "    source: curated",
          "    evidence: a row that can never match anything",
          "expands: []",
        ].join("\n"),
      );
      expect(() => loadVocabulary(dir)).toThrow(SeedValidationError);
      const problems: SeedProblem[] = [];
      readSynonyms(dir, problems);
      expect(problems.map(String).join("\n")).toMatch(/search-synonyms\.yaml:2.*"of the" has no word left/);
    });
  });
});
