import { describe, expect, it } from "vitest";
import { displayTitle } from "../../src/web/shared/display-title.js";

describe("displayTitle: one casing for every title on screen", () => {
  it("puts ESCO's lower-case English titles in Title Case, minor words kept low", () => {
    expect(displayTitle("supply chain manager")).toBe("Supply Chain Manager");
    expect(displayTitle("head of sales and marketing")).toBe("Head of Sales and Marketing");
    expect(displayTitle("of counsel")).toBe("Of Counsel");
  });

  it("leaves titles that are already cased, and words with a capital (acronyms), as they are", () => {
    expect(displayTitle("Chief Operating Officer (COO)")).toBe("Chief Operating Officer (COO)");
    expect(displayTitle("ICT operations manager")).toBe("ICT Operations Manager");
  });

  it("capitalises each part of hyphenated and slashed words, and trims", () => {
    expect(displayTitle("  import-export manager ")).toBe("Import-Export Manager");
    expect(displayTitle("buyer/planner")).toBe("Buyer/Planner");
  });

  it("gives French titles a capital on the first word only", () => {
    expect(displayTitle("directeur des opérations", "fr")).toBe("Directeur des opérations");
    expect(displayTitle("écrivain public", "fr-CA")).toBe("Écrivain public");
  });
});
