import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { ApolloServerPlugin } from "@apollo/server";
import express, { type Request, type Response, type Router } from "express";
import { parse, type OperationDefinitionNode } from "graphql";
import type { ExampleOperation } from "../schema/examples.js";
import { matchesEtag } from "../web/send-bundle.js";

const require = createRequire(import.meta.url);
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Where the playground's assets are served from; every asset comes from our own npm packages. */
export const PLAYGROUND_ASSETS = "/playground/assets";

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const packageVersion = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

interface AssetFile {
  file: string;
  type: string;
  /** The package's version: the asset's address changes when an upgrade changes its bytes. */
  version: string;
}

const ASSETS: Record<string, AssetFile> = {
  "react.production.min.js": {
    file: path.join(packageDir("react"), "umd", "react.production.min.js"),
    type: "text/javascript; charset=utf-8",
    version: packageVersion("react"),
  },
  "react-dom.production.min.js": {
    file: path.join(packageDir("react-dom"), "umd", "react-dom.production.min.js"),
    type: "text/javascript; charset=utf-8",
    version: packageVersion("react-dom"),
  },
  "graphiql.min.js": {
    file: path.join(packageDir("graphiql"), "graphiql.min.js"),
    type: "text/javascript; charset=utf-8",
    version: packageVersion("graphiql"),
  },
  "graphiql.min.css": {
    file: path.join(packageDir("graphiql"), "graphiql.min.css"),
    type: "text/css; charset=utf-8",
    version: packageVersion("graphiql"),
  },
};

/** One asset in its three encodings, each with its own strong ETag (RFC 9110: one per representation). */
export interface CompressedAsset {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

/**
 * Compresses an asset once, off the event loop (zlib's thread pool), the first time it is asked
 * for. Brotli at quality 9 rather than 11: 11 takes seconds on graphiql.min.js for a few % less.
 */
async function compress(file: string): Promise<CompressedAsset> {
  const identity = await readFile(file);
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotli(identity, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 9,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]);
  const etag = createHash("sha256").update(identity).digest("base64url").slice(0, 27);
  return { identity, gzip: gz, br, etag };
}

/** The asset's address in the page: versioned, so that it can be cached for a year. */
function assetUrl(name: string): string {
  const asset = ASSETS[name];
  if (!asset) throw new Error(`No playground asset named ${name}`);
  return `${PLAYGROUND_ASSETS}/${name}?v=${asset.version}`;
}

/**
 * Serves the GraphiQL and React files from node_modules, so the playground works offline:
 * brotli or gzip as the browser accepts (4.1 MB of files is 0.95 MB in brotli, 1.06 MB gzipped), an ETag per
 * encoding, and a year of caching for the versioned address the page uses.
 */
export function playgroundAssets(): Router {
  const router = express.Router();
  for (const [name, asset] of Object.entries(ASSETS)) {
    let pending: Promise<CompressedAsset> | null = null;
    const load = () =>
      (pending ??= compress(asset.file).catch((error: unknown) => {
        pending = null;
        throw error;
      }));
    router.get(`${PLAYGROUND_ASSETS}/${name}`, (req: Request, res: Response, next) => {
      load()
        .then((compressed) => sendAsset(req, res, compressed, asset))
        .catch(next);
    });
  }
  // Browsers ask for /favicon.ico on every page without an icon link; answer rather than 404.
  router.get("/favicon.ico", (_req, res) => {
    res.set("Cache-Control", "public, max-age=86400").status(204).end();
  });
  return router;
}

function sendAsset(req: Request, res: Response, asset: CompressedAsset, file: AssetFile): void {
  // The smallest encoding the client takes: negotiation alone would follow the client's order
  // ("gzip, deflate, br" would pick gzip), and brotli is smaller for every asset here.
  const encoding = req.acceptsEncodings("br") ? "br" : req.acceptsEncodings("gzip") ? "gzip" : "identity";
  const body = encoding === "br" ? asset.br : encoding === "gzip" ? asset.gzip : asset.identity;
  const etag = `"${asset.etag}${encoding === "identity" ? "" : `-${encoding}`}"`;
  res.set({
    "Content-Type": file.type,
    "Cache-Control":
      req.query.v === file.version ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    ETag: etag,
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  if (matchesEtag(req.get("if-none-match"), etag)) {
    res.status(304).end();
    return;
  }
  if (encoding !== "identity") res.set("Content-Encoding", encoding);
  res.send(body);
}

/** JSON for a <script> element: `<` escaped so that no text in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** The name of the example's first operation, which is what GraphiQL titles a tab with. */
function operationName(query: string): string | null {
  try {
    const operation = parse(query).definitions.find(
      (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
    );
    return operation?.name?.value ?? null;
  } catch {
    return null;
  }
}

/**
 * GraphiQL titles a tab with its operation's name. The page gives it the examples' `# title:`
 * lines instead: as the stored tab state it starts from (a tab's title survives there), and, since
 * GraphiQL renames a tab after its operation when it syncs it, by renaming such tab labels back.
 */
export function playgroundHtml(examples: readonly ExampleOperation[]): string {
  const tabs = examples.map((e, i) => ({
    id: `example-${i + 1}`,
    title: e.title,
    query: e.query,
    variables: JSON.stringify(e.variables, null, 2),
    headers: null,
    operationName: operationName(e.query),
    response: null,
  }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Management Careers Graph — GraphQL playground</title>
<link rel="stylesheet" href="${assetUrl("graphiql.min.css")}">
<style>
  html, body, #playground { height: 100%; margin: 0; }
  /* Ten examples: the tabs wrap onto a second line rather than scroll out of sight. */
  .graphiql-tabs { flex-wrap: wrap; row-gap: 6px; overflow-x: visible; }
  .graphiql-tabs > :not(:first-child) { margin-left: 6px; }
  .graphiql-tab { max-width: 15em; min-width: 0; }
  button.graphiql-tab-button { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
</style>
</head>
<body>
<div id="playground">Loading the playground…</div>
<script src="${assetUrl("react.production.min.js")}"></script>
<script src="${assetUrl("react-dom.production.min.js")}"></script>
<script src="${assetUrl("graphiql.min.js")}"></script>
<script id="example-tabs" type="application/json">${scriptJson(tabs)}</script>
<script>
  const tabs = JSON.parse(document.getElementById("example-tabs").textContent);
  const titles = new Map(tabs.filter((t) => t.operationName).map((t) => [t.operationName, t.title]));
  const tabState = JSON.stringify({ activeTabIndex: 0, tabs });
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  // Tab labels: the example's title for an example's operation, with the operation name as tooltip.
  const retitle = () => {
    for (const button of document.querySelectorAll("button.graphiql-tab-button")) {
      const text = button.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) continue;
      const title = titles.get(text.nodeValue);
      if (title) {
        button.title = text.nodeValue;
        text.nodeValue = title;
      } else if (![...titles.values()].includes(text.nodeValue)) {
        button.title = text.nodeValue;
      }
    }
  };
  new MutationObserver(retitle).observe(document.getElementById("playground"), {
    subtree: true,
    childList: true,
    characterData: true,
  });
  ReactDOM.createRoot(document.getElementById("playground")).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs.map(({ query, variables }) => ({ query, variables })),
      // The first tab as the current one, so that GraphiQL finds it among the stored tabs.
      query: tabs[0]?.query,
      variables: tabs[0]?.variables,
      defaultEditorToolsVisibility: "variables",
      // Nothing is kept between visits; the examples' tabs are the state every visit starts from.
      storage: {
        getItem: (key) => (key === "graphiql:tabState" ? tabState : null),
        setItem: () => {},
        removeItem: () => {},
        clear: () => {},
        length: 0,
      },
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
