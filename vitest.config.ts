import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // @neo4j/graphql is CommonJS and loads graphql's CommonJS build; make every import of graphql
  // resolve to that same build, or graphql-js refuses types "from another module or realm".
  resolve: { alias: { graphql: require.resolve("graphql") } },
  test: {
    env: { TZ: "Etc/UTC", NODE_ENV: "test" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/schema/**/*.test.ts"],
          // Building the schema takes 1-2 s on a quiet machine and over 10 s on a busy 2-core one:
          // vitest's 5 s default fails there for no fault of the code.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // The browser tests (tests/e2e) share this project's Neo4j rather than start a second one.
          include: [
            "tests/integration/**/*.int.test.ts",
            "tests/tck/**/*.test.ts",
            "tests/e2e/**/*.e2e.test.ts",
          ],
          globalSetup: ["tests/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One Neo4j serves the whole run; two workers keep the 2-core machines responsive.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
