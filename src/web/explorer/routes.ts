import type { Router } from "express";

/** Mounts /explore and its assets. */
export function explorerRoutes(_router: Router): void {
  // filled in by the explorer work (issue 5)
}
