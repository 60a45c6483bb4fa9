import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations for clients: reads the committed printed schema (no server, no network) and the
// example operations, and writes TypedDocumentNode objects into the git-ignored `.codegen/` folder.
// See docs/clients.md, "Typed operations with GraphQL Code Generator".
export const codegenConfig = {
  schema: "graph/schema.generated.graphql",
  documents: ["graph/examples/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    ".codegen/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // ESM: relative imports end in ".js", as NodeNext resolution requires.
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
} satisfies CodegenConfig;

export default codegenConfig;
