import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeedValidationError, pattern } from "../../src/seed/graph-batch.js";
import { DEFAULT_SEEDS_DIR, buildBatch, seed, seedHash } from "../../src/seed/pipeline.js";
import { loadSeedStatements, writeBatch } from "../../src/seed/write-batch.js";
import { startOwnNeo4j, type OwnNeo4j } from "../utils/own-neo4j.js";
import { refusedSeedLoad } from "../utils/seed-rejection.js";
import { TestHelper } from "../utils/test-helper.js";

/**
 * Bound of a test that loads the seeds twice. A load took 20-35 s on a loaded 2-core CI machine
 * (two test files beside it), and the first ones in a new JVM longer: two of them passed 60 s once.
 */
const TWO_LOADS = { timeout: 300_000 };

/** A copy of the real seeds in a temporary folder, with one file rewritten by `edit`. */
function brokenSeeds(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "broken-seeds-"));
  cpSync(DEFAULT_SEEDS_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  const before = readFileSync(target, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing: fix the test`);
  writeFileSync(target, after);
  return dir;
}

function lineOf(dir: string, file: string, needle: string): number {
  const lines = readFileSync(path.join(dir, file), "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not found in ${file}`);
  return index + 1;
}

describe("The seed pipeline", () => {
  // These tests reload and rewrite the graph: they use a Neo4j of their own, so that no other
  // test file can read it half-way.
  let own: OwnNeo4j;
  let helper: TestHelper;
  const dirs: string[] = [];
  beforeAll(async () => {
    own = await startOwnNeo4j();
    helper = new TestHelper({}, { neo4j: own.env });
    await seed({ driver: helper.driver, database: helper.database, logger: helper.logger });
  }, 600_000);
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await helper?.close();
    await own?.stop();
  }, 120_000);

  async function expectRejected(dir: string, pattern: RegExp): Promise<SeedValidationError> {
    dirs.push(dir);
    const error = await refusedSeedLoad(helper, dir);
    expect(error.message).toMatch(pattern);
    return error;
  }

  it("loads twice with identical counts (idempotent)", TWO_LOADS, async () => {
    const options = { driver: helper.driver, database: helper.database, logger: helper.logger, force: true };
    const first = await seed(options);
    const afterFirst = await helper.graphCounts();
    const second = await seed(options);
    const afterSecond = await helper.graphCounts();
    expect(second.hash).toBe(first.hash);
    expect(afterSecond).toEqual(afterFirst);
    // The counts in the database are the counts of the seed files.
    const expected = (await buildBatch(DEFAULT_SEEDS_DIR)).counts();
    for (const [label, n] of Object.entries(expected.nodes)) expect(afterSecond.nodes[label], label).toBe(n);
    for (const [type, n] of Object.entries(expected.relationships))
      expect(afterSecond.relationships[type], type).toBe(n);
  });

  it("derives every role's counts and related-roles ranking and every source's contributions in the load", async () => {
    // Written in the load's own transaction: a reader never sees a role or source without them.
    const [roles] = await helper.executeCypher<{ missing: number; ranked: number }>(
      `MATCH (r:Role)
       RETURN sum(CASE WHEN r.skillCount IS NULL OR r.relatedRoleIds IS NULL THEN 1 ELSE 0 END) AS missing,
         sum(CASE WHEN size(r.relatedRoleIds) = size(r.relatedRoleScores) AND size(r.relatedRoleIds) > 0
           THEN 1 ELSE 0 END) AS ranked`,
    );
    expect(roles?.missing).toBe(0);
    expect(roles?.ranked).toBeGreaterThan(300);
    const [sources] = await helper.executeCypher<{ missing: number }>(
      "MATCH (s:Source) WHERE s.contributionTypes IS NULL OR s.contributionCounts IS NULL RETURN count(s) AS missing",
    );
    expect(sources?.missing).toBe(0);
  });

  it("skips the load when the database already holds these seeds", async () => {
    const result = await seed({ driver: helper.driver, database: helper.database, logger: helper.logger });
    expect(result.loaded).toBe(false);
    expect(result.hash).toBe(seedHash(DEFAULT_SEEDS_DIR));
  });

  it("rejects a role without an id, naming file, line and field, and writes nothing", async () => {
    const dir = brokenSeeds("article/roles.yaml", (t) =>
      t.replace("  - id: operational-strategist\n", "  - \n"),
    );
    const line = lineOf(dir, "article/roles.yaml", "title: Operational Strategist");
    const error = await expectRejected(dir, /roles\.\d+\.id/);
    const problem = error.problems.find((p) => /\.id: /.test(p.message));
    expect(problem?.where.file).toBe("article/roles.yaml");
    expect(problem?.where.line).toBe(line);
  });

  it("rejects a reference to an unknown skill, naming it and its position", async () => {
    const dir = brokenSeeds("article/roles.yaml", (t) =>
      t.replace("{ id: operational-management-techniques,", "{ id: operational-management-technique,"),
    );
    const line = lineOf(dir, "article/roles.yaml", "operational-management-technique,");
    const error = await expectRejected(dir, /unknown Skill id "operational-management-technique"/);
    expect(error.problems[0]?.toString()).toMatch(new RegExp(`^article/roles\\.yaml:${line}:\\d+: `));
  });

  it("rejects a value of the wrong type, naming the field and the allowed values", async () => {
    const dir = brokenSeeds("article/roles.yaml", (t) =>
      t.replace("seniority: EXECUTIVE", "seniority: BOSS"),
    );
    const line = lineOf(dir, "article/roles.yaml", "seniority: BOSS");
    const error = await expectRejected(dir, /seniority: .*EXECUTIVE.*DIRECTOR.*MANAGER.*PROFESSIONAL/);
    expect(error.problems[0]?.where.line).toBe(line);
  });

  it("rejects an amount written as text", async () => {
    const dir = brokenSeeds("article/roles.yaml", (t) =>
      t.replace("minAnnualGross: 50000", 'minAnnualGross: "50k"'),
    );
    await expectRejected(dir, /minAnnualGross: .*number/);
  });

  it("rejects a YAML syntax error with its position", async () => {
    const dir = brokenSeeds("sources.yaml", (t) => `${t}\n  - id: [unclosed\n`);
    await expectRejected(dir, /sources\.yaml:\d+:\d+: YAML syntax/);
  });

  it("rejects a duplicate id across files", async () => {
    const dir = brokenSeeds(
      "sources.yaml",
      (t) => `${t}\nskills:\n  - id: leadership\n    name: Leadership again\n    kind: PERSONAL\n`,
    );
    await expectRejected(
      dir,
      /duplicate Skill id "leadership" \(first defined at article\/catalog\.yaml:\d+:\d+\)/,
    );
  });

  it("rejects a reference row naming an unknown skill URI, with file, line and column", async () => {
    const file = "reference/esco-v1.1.1/occupationSkillRelations.csv";
    const unknown = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000";
    let line = 0;
    const dir = brokenSeeds(file, (t) => {
      const lines = t.split("\n");
      line = 5000;
      lines[line - 1] = (lines[line - 1] ?? "").replace(
        /http:\/\/data\.europa\.eu\/esco\/skill\/[0-9a-f-]+/,
        unknown,
      );
      return lines.join("\n");
    });
    const error = await expectRejected(dir, new RegExp(`unknown skill URI ${unknown}`));
    expect(error.problems.map(String)).toContain(`${file}:${line}:4: unknown skill URI ${unknown}`);
  });

  it("rejects a reference file with bad quoting, naming its position", async () => {
    const file = "reference/esco-v1.1.1/occupations_en.csv";
    const dir = brokenSeeds(file, (t) =>
      t.replace(',"smokers products shop manager', ',"smokers "products" shop manager'),
    );
    const error = await expectRejected(dir, /occupations_en\.csv:\d+:\d+: malformed CSV: /);
    expect(error.problems[0]?.where.line).toBe(2);
  });

  it("rejects a reference value of the wrong form, naming the column", async () => {
    const file = "reference/onet-29.2/Job Zones.txt";
    const dir = brokenSeeds(file, (t) => t.replace("11-1011.00\t5\t", "11-1011.00\tfive\t"));
    await expectRejected(dir, /Job Zones\.txt:2:2: column "Job Zone": /);
  });

  it("rejects a curated mapping to an unknown tool, naming its line in mappings.yaml", async () => {
    const file = "reference/mappings.yaml";
    const dir = brokenSeeds(file, (t) => t.replace('  sap: ["SAP software"]', '  sapp: ["SAP software"]'));
    const line = lineOf(dir, file, "sapp:");
    const error = await expectRejected(dir, /toolExamples: unknown tool "sapp"/);
    expect(error.problems[0]?.toString()).toMatch(new RegExp(`^reference/mappings\\.yaml:${line}:\\d+: `));
  });

  it("rejects a curated mapping to an unknown ESCO occupation or role, naming its line", async () => {
    const file = "reference/mappings.yaml";
    const uri = "http://data.europa.eu/esco/occupation/c64a6e4e-5b38-4f93-b26d-aded817aeaf3";
    const badUri = brokenSeeds(file, (t) => t.replace(uri, `${uri}0`));
    const error = await expectRejected(badUri, /no ESCO occupation has the URI .*aeaf30/);
    const problem = error.problems.find((p) => p.message.startsWith("no ESCO occupation"));
    expect(problem?.where).toMatchObject({ file, line: lineOf(badUri, file, `${uri}0`) });
    const badRole = brokenSeeds(file, (t) =>
      t.replace("- role: operational-strategist", "- role: operational-strategy"),
    );
    await expectRejected(
      badRole,
      /mappings\.yaml:\d+:\d+: articleRoles: unknown role "operational-strategy"/,
    );
  });

  it("rolls the whole load back when a write fails half-way", async () => {
    const before = await helper.graphCounts();
    const batch = await buildBatch(DEFAULT_SEEDS_DIR);
    // Bypass validation: a relationship to a node that does not exist makes the write fail late.
    batch.addNode(
      "Skill",
      "temporary-skill",
      { name: "Temporary", kind: "SKILL" },
      { file: "t", line: 1, column: 1 },
    );
    batch.addRelationship(
      pattern("Role", "USES_TOOL", "Tool"),
      "chief-operating-officer",
      "no-such-tool",
      { source: "article" },
      { file: "t", line: 1, column: 1 },
    );
    await expect(
      writeBatch(helper.driver, helper.database, batch, "rollback-test", loadSeedStatements()),
    ).rejects.toThrow(/wrote \d+ of \d+ rows/);
    expect(await helper.graphCounts()).toEqual(before);
    expect(await helper.executeCypher("MATCH (s:Skill {id: 'temporary-skill'}) RETURN s")).toEqual([]);
  });

  it("removes what the seeds no longer contain", TWO_LOADS, async () => {
    const dir = brokenSeeds("article/catalog.yaml", (t) => `${t}\n# marker to change the hash\n`);
    dirs.push(dir);
    // Add a node, load, then load the original seeds: the node must be gone.
    writeFileSync(
      path.join(dir, "extra.yaml"),
      "skills:\n  - id: short-lived-skill\n    name: Short-lived\n    kind: SKILL\n",
    );
    const options = { driver: helper.driver, database: helper.database, logger: helper.logger };
    await seed({ ...options, seedsDir: dir });
    expect(await helper.executeCypher("MATCH (s:Skill {id: 'short-lived-skill'}) RETURN s.id AS id")).toEqual(
      [{ id: "short-lived-skill" }],
    );
    await seed(options);
    expect(await helper.executeCypher("MATCH (s:Skill {id: 'short-lived-skill'}) RETURN s.id AS id")).toEqual(
      [],
    );
  });
  it(
    "changes the dataset version when one importer file changes, and reloads on the next seed",
    TWO_LOADS,
    async () => {
      const importerDir = mkdtempSync(path.join(tmpdir(), "importer-"));
      dirs.push(importerDir);
      const source = fileURLToPath(new URL("../../src/seed/", import.meta.url));
      cpSync(source, importerDir, { recursive: true });
      const options = { driver: helper.driver, database: helper.database, logger: helper.logger };
      const current = seedHash(DEFAULT_SEEDS_DIR);
      expect(seedHash(DEFAULT_SEEDS_DIR, importerDir)).toBe(current); // a faithful copy: same version
      const file = path.join(importerDir, "related-roles.ts");
      writeFileSync(file, `${readFileSync(file, "utf8")}\n// a change to the importer\n`);
      const changed = seedHash(DEFAULT_SEEDS_DIR, importerDir);
      expect(changed).not.toBe(current);

      expect(await seed(options)).toMatchObject({ loaded: false, hash: current });
      const reloaded = await seed({ ...options, importerDir });
      expect(reloaded).toMatchObject({ loaded: true, hash: changed });
      const [state] = await helper.executeCypher<{ hash: string }>(
        "MATCH (s:SeedState {id: 'seeds'}) RETURN s.hash AS hash",
      );
      expect(state?.hash).toBe(changed);
      // Back to the repository's importer: another reload, then nothing to do, without parsing.
      expect(await seed(options)).toMatchObject({ loaded: true, hash: current });
      expect(await seed(options)).toMatchObject({ loaded: false, hash: current, counts: null });
    },
  );

  it("answers every request from one dataset version while the seeds reload under it", async () => {
    // Version B: the COO loses one skill, so its skills (a generated query) and its related
    // roles' scores (a custom loader) both differ between the versions.
    const dirB = brokenSeeds("article/roles.yaml", (t) =>
      t.replace("      - { id: leadership, essential: true }\n    tools:", "    tools:"),
    );
    dirs.push(dirB);
    const options = { driver: helper.driver, database: helper.database, logger: helper.logger };
    await helper.start();
    const query = `query Mixed($id: ID!) {
      roles(where: { id: { eq: $id } }) {
        id
        skills { id }
        relatedRoles(limit: 5) { score role { id } sharedSkills { id } }
      }
    }`;
    const variables = { id: "chief-operating-officer" };
    const ask = async (method: "GET" | "POST") => {
      const response =
        method === "POST"
          ? await fetch(`${helper.url}/graphql`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ query, variables }),
            })
          : await fetch(
              `${helper.url}/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`,
              { headers: { "apollo-require-preflight": "true" } },
            );
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      return { version: response.headers.get("x-dataset-version"), body };
    };
    // Nested lists without an order (skills) may come back in another order after a reload: compare
    // them as sets, each list's items in the order of their own JSON.
    const canonical = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(canonical).sort((x, y) => {
            const [l, r] = [JSON.stringify(x), JSON.stringify(y)];
            return l < r ? -1 : l > r ? 1 : 0;
          })
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]))
          : value;
    const sorted = (body: { data?: unknown }) => JSON.stringify(canonical(body.data));

    // The answer of each version, asked while the graph holds only that version.
    await seed({ ...options, force: true });
    const a = await ask("POST");
    await seed({ ...options, seedsDir: dirB });
    const b = await ask("POST");
    expect(a.version).not.toBe(b.version);
    expect(sorted(a.body)).not.toBe(sorted(b.body));
    const expected = new Map([
      [a.version, sorted(a.body)],
      [b.version, sorted(b.body)],
    ]);

    let reloading = true;
    const seen: { version: string | null; body: { data?: unknown; errors?: unknown } }[] = [];
    const reader = async (method: "GET" | "POST") => {
      while (reloading) seen.push(await ask(method));
    };
    const readers = [reader("POST"), reader("POST"), reader("GET")];
    try {
      await seed(options); // B -> A
      await seed({ ...options, seedsDir: dirB }); // A -> B
      await seed(options); // B -> A
    } finally {
      reloading = false;
      await Promise.all(readers);
    }
    expect(seen.length).toBeGreaterThan(10);
    for (const answer of seen) {
      expect(answer.body.errors).toBeUndefined();
      expect(expected.has(answer.version), `unknown version ${answer.version}`).toBe(true);
      // The data is exactly the one of the version the answer names: never a mix of the two.
      expect(sorted(answer.body)).toBe(expected.get(answer.version));
    }
    // Both versions were served during the run (the readers really overlapped the reloads).
    expect(new Set(seen.map((s) => s.version)).size).toBe(2);
  }, 900_000);
});
