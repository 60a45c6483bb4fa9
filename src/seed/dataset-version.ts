/**
 * The dataset version: one hash of everything that decides what `npm run seed` writes — the seed
 * files, the Cypher it runs (graph/queries/seed.cypher, graph/constraints.cypher) and the importer
 * code (src/seed/** and the modules outside it whose output the seed stores: the career formulas,
 * search normalisation, and the fan-out figures and list limits of src/limits/). A fix in an importer therefore changes the version and reloads on the next
 * seed, and a service whose code expects another version sees it at once (see docs/operations.md).
 *
 * It is computed from file bytes only, before any file is parsed, so an unchanged database is
 * recognised in milliseconds.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GRAPH_DIR } from "../db/cypher-files.js";
import { listSeedFiles } from "./yaml-seeds.js";

/** The seed files of the repository. */
export const DEFAULT_SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));

/** The importer's sources: src/seed, whether this module runs from src/ or from dist/. */
const IMPORTER_SOURCE_DIR = fileURLToPath(new URL("../../src/seed/", import.meta.url));
/**
 * Where `npm run build` records the importer's hash (dist/seed/importer-hash.txt): an image that
 * ships only dist/ still knows the hash of the sources it was built from.
 */
export const IMPORTER_HASH_FILE = fileURLToPath(new URL("./importer-hash.txt", import.meta.url));

/** The Cypher files a load runs, relative to graph/. */
const SEED_CYPHER = ["queries/seed.cypher", "constraints.cypher"];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

function hashFiles(hash: ReturnType<typeof createHash>, dir: string, files: readonly string[]): void {
  for (const file of files) {
    hash
      .update(file)
      .update("\u0000")
      .update(readFileSync(path.join(dir, file)))
      .update("\u0000");
  }
}

/** src/, from this module in src/seed or dist/seed. */
const SOURCE_ROOT = fileURLToPath(new URL("../../src/", import.meta.url));
/**
 * Sources outside src/seed whose code decides what the seed writes (src/seed imports them): the
 * career formulas (scores, confidences, levels), search normalisation (search keys), and the
 * fan-out figures and list limits (the stored rankings' length).
 */
const SHARED_IMPORTER_SOURCES = ["career", "search", "limits/fan-out.ts", "limits/policy.ts"] as const;

/**
 * Hash of the importer code: the files of `dir` (src/seed by default) and the shared sources under
 * `sourceRoot` (src/ by default).
 */
export function importerHash(dir: string = IMPORTER_SOURCE_DIR, sourceRoot: string = SOURCE_ROOT): string {
  if (!existsSync(dir)) {
    if (dir === IMPORTER_SOURCE_DIR && existsSync(IMPORTER_HASH_FILE)) {
      return readFileSync(IMPORTER_HASH_FILE, "utf8").trim();
    }
    throw new Error(`Cannot tell the importer's version: neither ${dir} nor ${IMPORTER_HASH_FILE} exists`);
  }
  const hash = createHash("sha256");
  hashFiles(hash, dir, listFiles(dir));
  for (const shared of SHARED_IMPORTER_SOURCES) {
    const full = path.join(sourceRoot, shared);
    const files = shared.endsWith(".ts") ? [path.basename(full)] : listFiles(full);
    hash.update(shared).update("\u0000");
    hashFiles(hash, shared.endsWith(".ts") ? path.dirname(full) : full, files);
  }
  return hash.digest("hex");
}

export interface DatasetVersionInputs {
  seedsDir: string;
  /** The importer's source folder; src/seed by default. */
  importerDir?: string;
}

/** The dataset version of these seeds loaded by this code: 16 hex digits. */
export function datasetVersion({ seedsDir, importerDir }: DatasetVersionInputs): string {
  const hash = createHash("sha256");
  hash.update("seeds\u0000");
  hashFiles(hash, seedsDir, listSeedFiles(seedsDir));
  hash.update("cypher\u0000");
  hashFiles(hash, GRAPH_DIR, SEED_CYPHER);
  hash.update("importer\u0000").update(importerHash(importerDir));
  return hash.digest("hex").slice(0, 16);
}
