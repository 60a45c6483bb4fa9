import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextFunction, Request, Response, Router } from "express";
import { lazyBundle, type Bundle } from "../bundle.js";
import { sendBundle } from "../send-bundle.js";
import { explorerHtml } from "./page.js";

export const EXPLORER_PATH = "/explore";
export const EXPLORER_SCRIPT_PATH = `${EXPLORER_PATH}/explorer.js`;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Only our own origin: the script is ours, the API is same-origin, styles sit in the page and
 * ECharts/cytoscape draw on canvases (blob: for the CSV download link). Nothing else may load.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Mounts /explore and its assets. */
export function explorerRoutes(router: Router): void {
  const script = lazyBundle({ entry: path.join(here, "client", "main.ts") });
  // The page names the bundle by its hash, so the page changes whenever the bundle does.
  let page: { bundle: Bundle; html: string; etag: string } | null = null;

  const pageFor = (bundle: Bundle) => {
    if (page?.bundle !== bundle) {
      const html = explorerHtml(`${EXPLORER_SCRIPT_PATH}?v=${version(bundle)}`);
      page = {
        bundle,
        html,
        etag: `"${createHash("sha256").update(html).digest("base64url").slice(0, 27)}"`,
      };
    }
    return page;
  };

  router.get(EXPLORER_PATH, (_req: Request, res: Response, next: NextFunction) => {
    script()
      .then((bundle) => {
        const { html, etag } = pageFor(bundle);
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        // Revalidated on every visit (a cheap 304), so a new bundle is picked up at once.
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("ETag", etag);
        res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        // Express answers 304 itself when If-None-Match matches the ETag set above.
        res.send(html);
      })
      .catch(next);
  });

  router.get(EXPLORER_SCRIPT_PATH, (req: Request, res: Response, next: NextFunction) => {
    script()
      .then((bundle) => {
        sendBundle(req, res, bundle, {
          // The versioned address never changes content; an unversioned one must be revalidated.
          "Cache-Control":
            req.query.v === version(bundle) ? "public, max-age=31536000, immutable" : "no-cache",
        });
      })
      .catch(next);
  });
}

/** The bundle's ETag without quotes: a short, URL-safe content hash. */
function version(bundle: Bundle): string {
  return bundle.etag.slice(1, 17);
}
