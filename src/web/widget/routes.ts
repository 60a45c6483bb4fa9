/** Mounts /widget/related-jobs.js (the web component, loadable from any origin) and /widget/demo. */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Request, Response, Router } from "express";
import { lazyBundle, type Bundle } from "../bundle.js";
import { DEMO_HTML } from "./demo.js";

/** An hour: long enough to spare the service, short enough for a fix to spread; ETag revalidates. */
export const WIDGET_SCRIPT_MAX_AGE_SECONDS = 3600;
export const WIDGET_SCRIPT_PATH = "/widget/related-jobs.js";
export const WIDGET_DEMO_PATH = "/widget/demo";

interface Served {
  bundle: Bundle;
  gzip: Buffer;
  gzipEtag: string;
}

export function widgetRoutes(router: Router): void {
  const widget = lazyBundle({ entry: fileURLToPath(new URL("./client/related-jobs.ts", import.meta.url)) });
  let served: Promise<Served> | null = null;
  const load = (): Promise<Served> =>
    (served ??= widget().then(
      (bundle) => ({
        bundle,
        // Compressed once: the service has no compression middleware and the bundle never changes.
        gzip: gzipSync(bundle.code, { level: 9 }),
        gzipEtag: `${bundle.etag.slice(0, -1)}-gz"`,
      }),
      (error: unknown) => {
        served = null;
        throw error;
      },
    ));

  router.get(WIDGET_SCRIPT_PATH, async (req: Request, res: Response) => {
    const { bundle, gzip, gzipEtag } = await load();
    const gzipped = req.acceptsEncodings("gzip", "identity") === "gzip";
    res.set({
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": `public, max-age=${WIDGET_SCRIPT_MAX_AGE_SECONDS}`,
      ETag: gzipped ? gzipEtag : bundle.etag,
      Vary: "Accept-Encoding",
      // A module script from another origin is fetched in CORS mode; CORP lets pages that set
      // Cross-Origin-Embedder-Policy embed it too.
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "X-Content-Type-Options": "nosniff",
    });
    if (matchesEtag(req.get("if-none-match"), gzipped ? gzipEtag : bundle.etag)) {
      res.status(304).end();
      return;
    }
    if (gzipped) res.set("Content-Encoding", "gzip");
    res.send(gzipped ? gzip : Buffer.from(bundle.code));
  });

  router.get(WIDGET_DEMO_PATH, (_req: Request, res: Response) => {
    res.set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" }).send(DEMO_HTML);
  });
}

/**
 * If-None-Match, compared weakly as RFC 9110 asks. Not `req.fresh`: it ignores the header when the
 * request says `Cache-Control: no-cache`, which fetch() adds to every conditional request, though
 * that directive addresses caches, and the origin's 304 is exactly the revalidation it asks for.
 */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
