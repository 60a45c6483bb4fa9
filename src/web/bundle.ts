/**
 * Browser code served by the service (the widget, the explorer) is TypeScript under src/web.
 * `npm run build` bundles it with esbuild into files beside the compiled server code
 * (`dist/web/**\/*.bundle.js`), and the built service only reads those files. When the service runs
 * from the TypeScript sources (development, tests), the entry is bundled in memory, once, on first
 * use, with esbuild loaded only then. Every asset comes from node_modules (nothing is fetched at
 * run time).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export interface Bundle {
  readonly code: string;
  /** Strong validator of the bundle's bytes, for ETag / If-None-Match. */
  readonly etag: string;
  /** The code gzipped once (the service has no compression middleware, and a bundle never changes). */
  readonly gzip: Buffer;
  /** Strong validator of the gzipped representation: another representation, another ETag. */
  readonly gzipEtag: string;
}

export interface BundleOptions {
  /** Absolute path of the entry module (`.ts`). */
  entry: string;
  minify?: boolean;
}

/** Where `npm run build` writes the bundle of `entry`: beside it, `.ts` replaced by `.bundle.js`. */
export function prebuiltPath(entry: string): string {
  return entry.replace(/\.ts$/, ".bundle.js");
}

/** Returns a function that loads (or bundles) the entry on first call and returns the same bundle after. */
export function lazyBundle(options: BundleOptions): () => Promise<Bundle> {
  let pending: Promise<Bundle> | null = null;
  return () => {
    pending ??= loadBundle(options).catch((error: unknown) => {
      pending = null; // a failed build is retried on the next request rather than cached
      throw error;
    });
    return pending;
  };
}

async function loadBundle(options: BundleOptions): Promise<Bundle> {
  const prebuilt = prebuiltPath(options.entry);
  if (existsSync(prebuilt)) return fromCode(readFileSync(prebuilt, "utf8"));
  if (!existsSync(options.entry)) {
    throw new Error(
      `Neither the prebuilt bundle ${prebuilt} nor its source ${options.entry} exists: run "npm run build"`,
    );
  }
  return fromCode(await bundleCode(options));
}

/** Bundles the entry with esbuild; the code, for the build step and for development. */
export async function bundleCode({ entry, minify = true }: BundleOptions): Promise<string> {
  // Loaded on demand: esbuild is a development dependency, absent from a production install.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify,
    legalComments: "eof",
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

/** Bundles `entry` (a source file) into `outFile`, for `npm run build`. */
export async function writeBundle(entry: string, outFile: string): Promise<void> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, await bundleCode({ entry }));
}

function fromCode(code: string): Bundle {
  const etag = `"${createHash("sha256").update(code).digest("base64url").slice(0, 27)}"`;
  return { code, etag, gzip: gzipSync(code, { level: 9 }), gzipEtag: `${etag.slice(0, -1)}-gz"` };
}
