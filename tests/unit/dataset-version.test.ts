/**
 * The importer's hash covers the code outside src/seed whose output the seed stores: a change to
 * the career formulas must change the dataset version, or a graph scored by the old formula would
 * pass for current.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importerHash } from "../../src/seed/dataset-version.js";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const copy = mkdtempSync(path.join(tmpdir(), "importer-src-"));
cpSync(SRC, copy, { recursive: true });
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("importerHash", () => {
  it("is the same for a faithful copy of the sources", () => {
    expect(importerHash(path.join(copy, "seed"), copy)).toBe(importerHash());
  });

  it.each([
    "career/formulas.ts",
    "search/normalise.ts",
    "limits/fan-out.ts",
    "limits/policy.ts",
    "seed/derive.ts",
  ])("changes when %s changes", (file) => {
    const before = importerHash(path.join(copy, "seed"), copy);
    appendFileSync(path.join(copy, file), "\n// a change\n");
    expect(importerHash(path.join(copy, "seed"), copy)).not.toBe(before);
  });

  it("does not change for code the seed does not run (the HTTP layer)", () => {
    const before = importerHash(path.join(copy, "seed"), copy);
    appendFileSync(path.join(copy, "http", "server.ts"), "\n// a change\n");
    expect(importerHash(path.join(copy, "seed"), copy)).toBe(before);
  });
});
