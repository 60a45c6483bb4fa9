import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".data/",
      "graph/embedded/target/",
      "coverage/",
      "test-results/",
      ".codegen/",
      "bench/results/",
      "dist/",
      ".ci/node24/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: { "import-x/resolver": { typescript: true, node: true } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./src", from: "./tests", message: "src/ must not import test code" },
            { target: "./src", from: "./seeds", message: "src/ reads seed files; it does not import them" },
            {
              target: "./src/db",
              from: "./src/http",
              message: "the database layer never imports the HTTP server",
            },
            {
              target: "./src/seed",
              from: "./src/http",
              message: "the seed pipeline never imports the HTTP server",
            },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "read configuration through src/config.ts" },
      ],
    },
  },
  {
    files: ["src/main.ts", "src/seed/cli.ts", "tests/**/*.ts", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
