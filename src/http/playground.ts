import { createRequire } from "node:module";
import path from "node:path";
import type { ApolloServerPlugin } from "@apollo/server";
import express, { type Router } from "express";
import type { ExampleOperation } from "../schema/examples.js";

const require = createRequire(import.meta.url);

/** Where the playground's assets are served from; every asset comes from our own npm packages. */
export const PLAYGROUND_ASSETS = "/playground/assets";

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, string> = {
  "react.production.min.js": path.join(packageDir("react"), "umd", "react.production.min.js"),
  "react-dom.production.min.js": path.join(packageDir("react-dom"), "umd", "react-dom.production.min.js"),
  "graphiql.min.js": path.join(packageDir("graphiql"), "graphiql.min.js"),
  "graphiql.min.css": path.join(packageDir("graphiql"), "graphiql.min.css"),
};

/** Serves the GraphiQL and React files from node_modules, so the playground works offline. */
export function playgroundAssets(): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`${PLAYGROUND_ASSETS}/${name}`, (_req, res) => {
      res.setHeader("Cache-Control", "public, max-age=86400");
      res.sendFile(file);
    });
  }
  return router;
}

/** JSON for a <script> element: `<` escaped so that no text in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function playgroundHtml(examples: readonly ExampleOperation[]): string {
  const tabs = examples.map((e) => ({ query: e.query, variables: JSON.stringify(e.variables, null, 2) }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Management Careers Graph — GraphQL playground</title>
<link rel="stylesheet" href="${PLAYGROUND_ASSETS}/graphiql.min.css">
<style>html, body, #playground { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="playground">Loading the playground…</div>
<script src="${PLAYGROUND_ASSETS}/react.production.min.js"></script>
<script src="${PLAYGROUND_ASSETS}/react-dom.production.min.js"></script>
<script src="${PLAYGROUND_ASSETS}/graphiql.min.js"></script>
<script id="example-tabs" type="application/json">${scriptJson(tabs)}</script>
<script>
  const tabs = JSON.parse(document.getElementById("example-tabs").textContent);
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  ReactDOM.createRoot(document.getElementById("playground")).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      // GraphiQL takes the first tab's variables from here, not from defaultTabs.
      variables: tabs[0]?.variables,
      defaultEditorToolsVisibility: "variables",
      storage: { getItem: () => null, setItem: () => {}, removeItem: () => {}, clear: () => {}, length: 0 },
    }),
  );
</script>
</body>
</html>
`;
}

/** Apollo plugin: a browser's GET on /graphql shows our self-hosted playground. */
export function playgroundPlugin(examples: readonly ExampleOperation[]): ApolloServerPlugin {
  const html = playgroundHtml(examples);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
