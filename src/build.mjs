// `npm run build`: compiles src/ into dist/ (tsc) and bundles the browser code into dist/web
// (dist/build-assets.js), then records a hash of everything the build read in dist/.build-hash.
// `npm start` runs it with --if-stale first: it builds only when dist/ is missing or that hash no
// longer matches, so `npm ci && npm start` stays the whole quick start while the service runs
// compiled JavaScript. Plain JavaScript without dependencies: it runs before anything is compiled.
/* global process, console */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, "dist");
const stampFile = path.join(dist, ".build-hash");
const INPUTS = ["src", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

function filesOf(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Hash of the build's inputs; null when the sources are absent (an image that ships only dist/). */
function sourceHash() {
  if (!existsSync(path.join(root, "src"))) return null;
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(filesOf)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(
      `${command} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`,
    );
    process.exit(1);
  }
}

const hash = sourceHash();
if (process.argv.includes("--if-stale")) {
  if (hash === null) {
    if (existsSync(path.join(dist, "main.js"))) process.exit(0);
    console.error("Neither dist/ nor src/ is present: nothing to start.");
    process.exit(1);
  }
  const built = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : null;
  if (built === hash) process.exit(0);
  console.error(
    built === null ? "dist/ is missing: building it first" : "the sources changed: rebuilding dist/",
  );
}
if (hash === null) {
  console.error("src/ is missing: nothing to build.");
  process.exit(1);
}
// A clean build, so that no compiled file of a deleted source survives in dist/.
rmSync(dist, { recursive: true, force: true });
run(process.execPath, [
  path.join(root, "node_modules", "typescript", "bin", "tsc"),
  "-p",
  "tsconfig.build.json",
]);
run(process.execPath, [path.join(dist, "build-assets.js")]);
writeFileSync(stampFile, `${hash}\n`);
