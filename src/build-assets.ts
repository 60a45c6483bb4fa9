/**
 * Second half of `npm run build` (after tsc), run as `node dist/build-assets.js`: bundles the
 * browser code of src/web into dist/web, beside the compiled routes that serve it (see
 * src/web/bundle.ts), and records the importer's hash for the dataset version
 * (src/seed/dataset-version.ts), so that a dist/ without src/ still knows it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IMPORTER_HASH_FILE, importerHash } from "./seed/dataset-version.js";
import { prebuiltPath, writeBundle } from "./web/bundle.js";

/** The browser entry points, relative to src/web. */
export const WEB_ENTRIES = ["widget/client/related-jobs.ts", "explorer/client/main.ts"] as const;

const DIST_WEB = fileURLToPath(new URL("./web/", import.meta.url));
const SOURCE_WEB = fileURLToPath(new URL("../src/web/", import.meta.url));

async function main(): Promise<void> {
  if (path.resolve(DIST_WEB) === path.resolve(SOURCE_WEB))
    throw new Error("run the compiled build-assets.js");
  for (const entry of WEB_ENTRIES) {
    const outFile = prebuiltPath(path.join(DIST_WEB, entry));
    await writeBundle(path.join(SOURCE_WEB, entry), outFile);
    console.log(`bundled src/web/${entry} -> ${path.relative(process.cwd(), outFile)}`);
  }
  writeFileSync(IMPORTER_HASH_FILE, `${importerHash()}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
