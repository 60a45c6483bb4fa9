/** Mounts /widget/related-jobs.js (the web component, loadable from any origin) and /widget/demo. */
import { fileURLToPath } from "node:url";
import type { Request, Response, Router } from "express";
import { lazyBundle } from "../bundle.js";
import { sendBundle } from "../send-bundle.js";
import { DEMO_HTML } from "./demo.js";

/** An hour: long enough to spare the service, short enough for a fix to spread; ETag revalidates. */
export const WIDGET_SCRIPT_MAX_AGE_SECONDS = 3600;
export const WIDGET_SCRIPT_PATH = "/widget/related-jobs.js";
export const WIDGET_DEMO_PATH = "/widget/demo";

export function widgetRoutes(router: Router): void {
  const widget = lazyBundle({ entry: fileURLToPath(new URL("./client/related-jobs.ts", import.meta.url)) });

  router.get(WIDGET_SCRIPT_PATH, async (req: Request, res: Response) => {
    sendBundle(req, res, await widget(), {
      "Cache-Control": `public, max-age=${WIDGET_SCRIPT_MAX_AGE_SECONDS}`,
      // A module script from another origin is fetched in CORS mode; CORP lets pages that set
      // Cross-Origin-Embedder-Policy embed it too.
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
  });

  router.get(WIDGET_DEMO_PATH, (_req: Request, res: Response) => {
    res.set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" }).send(DEMO_HTML);
  });
}
