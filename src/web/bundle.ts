/**
 * Browser code served by the service (the widget, the explorer) is TypeScript under src/web and
 * bundled by esbuild in memory, once, on first use: no build step stands between a fresh clone
 * and `npm start`, and every asset comes from node_modules (nothing is fetched at run time).
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

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
  /** Absolute path of the entry module. */
  entry: string;
  minify?: boolean;
}

/** Returns a function that bundles the entry on first call and returns the same bundle after. */
export function lazyBundle(options: BundleOptions): () => Promise<Bundle> {
  let pending: Promise<Bundle> | null = null;
  return () => {
    pending ??= bundle(options).catch((error: unknown) => {
      pending = null; // a failed build is retried on the next request rather than cached
      throw error;
    });
    return pending;
  };
}

async function bundle({ entry, minify = true }: BundleOptions): Promise<Bundle> {
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
  const code = file.text;
  const etag = `"${createHash("sha256").update(code).digest("base64url").slice(0, 27)}"`;
  return { code, etag, gzip: gzipSync(code, { level: 9 }), gzipEtag: `${etag.slice(0, -1)}-gz"` };
}
