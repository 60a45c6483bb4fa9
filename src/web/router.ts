/** The pages and scripts the service serves beside /graphql: the widget and the explorer. */
import { Router } from "express";
import { explorerRoutes } from "./explorer/routes.js";
import { widgetRoutes } from "./widget/routes.js";

export function webRoutes(): Router {
  const router = Router();
  widgetRoutes(router);
  explorerRoutes(router);
  return router;
}
