import type { Router } from "express";

/** Mounts /widget/related-jobs.js and /widget/demo. */
export function widgetRoutes(_router: Router): void {
  // filled in by the widget work (issue 5)
}
