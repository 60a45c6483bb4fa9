import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codegenConfig } from "../../codegen.js";

// Runs the project's GraphQL Code Generator setup (codegen.ts) into a scratch folder and compiles its
// output, plus small files that use the typed documents with Apollo Client and urql, under `strict`.
// The scratch folder lives inside the repository (git-ignored test-results/) so that the generated
// files resolve `@graphql-typed-document-node/core`, `@apollo/client` and `@urql/core` like a client would.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const scratchParent = path.join(root, "test-results", "codegen");
let outDir = "";

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  verbatimModuleSyntax: true,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  types: [],
};

async function compile(usage: string): Promise<string[]> {
  const usageFile = path.join(outDir, `usage-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(usageFile, usage);
  const generated = (await readdir(outDir))
    .filter((f) => !f.startsWith("usage-"))
    .map((f) => path.join(outDir, f));
  const program = ts.createProgram([...generated, usageFile], compilerOptions);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(outDir, d.file.fileName)}: ` : "";
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

beforeAll(async () => {
  await mkdir(scratchParent, { recursive: true });
  outDir = await mkdtemp(path.join(scratchParent, "run-"));
  const target = codegenConfig.generates[".codegen/"];
  await generate(
    {
      ...codegenConfig,
      cwd: root,
      silent: true,
      schema: path.join(root, codegenConfig.schema),
      documents: codegenConfig.documents.map((d) => path.join(root, d)),
      generates: { [`${outDir}/`]: target },
    },
    true,
  );
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("GraphQL Code Generator setup (codegen.ts)", () => {
  it("generates typed documents for every example operation", async () => {
    const files = await readdir(outDir);
    expect(files).toEqual(expect.arrayContaining(["gql.ts", "graphql.ts", "index.ts"]));
    const operations = await Promise.all(
      (await readdir(path.join(root, "graph/examples")))
        .filter((f) => f.endsWith(".graphql"))
        .map(async (f) => {
          const source = await readFile(path.join(root, "graph/examples", f), "utf8");
          return [...source.matchAll(/^(?:query|mutation|subscription)\s+(\w+)/gm)].map((m) => m[1]);
        }),
    );
    const names = operations.flat();
    expect(names.length).toBeGreaterThan(0);
    const graphqlTs = await readFile(path.join(outDir, "graphql.ts"), "utf8");
    for (const name of names) expect(graphqlTs).toContain(`export const ${name}Document = `);
  });

  it("compiles under strict with typed Apollo Client and urql usage", async () => {
    const diagnostics = await compile(`
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { Client, cacheExchange, fetchExchange } from "@urql/core";
import { RelatedJobsDocument, SearchRolesDocument, type RelatedJobsQuery, type RoleRelation } from "./graphql.js";

const apollo = new ApolloClient({ link: new HttpLink({ uri: "http://localhost/graphql" }), cache: new InMemoryCache() });
const urql = new Client({ url: "http://localhost/graphql", exchanges: [cacheExchange, fetchExchange] });

export async function related(): Promise<string | undefined> {
  const { data } = await apollo.query({ query: RelatedJobsDocument, variables: { id: "coo", limit: 5 } });
  const first = data?.roles[0]?.relatedRoles[0];
  const relation: RoleRelation | undefined = first?.relation;
  const score: number | undefined = first?.score;
  const skills: string[] | undefined = first?.sharedSkills.map((s) => s.name);
  void relation; void score; void skills;
  return first?.role.title;
}

export async function search(): Promise<string | undefined> {
  const result = await urql.query(SearchRolesDocument, { text: "coo", limit: 3 }).toPromise();
  return result.data?.searchRoles[0]?.role.title;
}

export function titles(result: RelatedJobsQuery): string[] {
  return result.roles.flatMap((r) => r.relatedRoles.map((rr) => rr.role.id + ": " + rr.role.title));
}
`);
    expect(diagnostics).toEqual([]);
  }, 180_000);

  it("reports a field the operation did not select", async () => {
    const diagnostics = await compile(`
import type { RelatedJobsQuery } from "./graphql.js";
export const summary = (result: RelatedJobsQuery) => result.roles[0]?.relatedRoles[0]?.role.summary;
`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/TS2339 Property 'summary' does not exist/);
  }, 180_000);

  it("reports a missing required variable", async () => {
    const diagnostics = await compile(`
import { Client, cacheExchange, fetchExchange } from "@urql/core";
import { SearchRolesDocument } from "./graphql.js";
const urql = new Client({ url: "http://localhost/graphql", exchanges: [cacheExchange, fetchExchange] });
export const run = () => urql.query(SearchRolesDocument, { text: "coo" }).toPromise();
`);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.join("\n")).toMatch(/limit/);
  }, 180_000);
});
