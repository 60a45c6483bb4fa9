import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { TestHelper } from "../utils/test-helper.js";

describe("The embedded Neo4j", () => {
  const helper = new TestHelper();
  afterAll(() => helper.close());

  it("is Neo4j 5.26 with APOC core loaded", async () => {
    const [row] = await helper.executeCypher<{ version: string; apoc: string }>(
      "CALL dbms.components() YIELD versions RETURN versions[0] AS version, apoc.version() AS apoc",
    );
    expect(row?.version).toMatch(/^5\.26\./);
    expect(row?.apoc).toMatch(/^5\.26\./);
  });

  it("offers the APOC functions @neo4j/graphql calls", async () => {
    const [row] = await helper.executeCypher<{ date: string }>(
      "RETURN apoc.date.convertFormat('2024-05-01', 'date', 'basic_date') AS date",
    );
    expect(row?.date).toBe("20240501");
    await expect(
      helper.executeCypher(
        "WITH 1 AS x WHERE apoc.util.validatePredicate(true, 'refused %s', ['here']) RETURN x",
      ),
    ).rejects.toThrow(/refused here/);
  });

  it("does not register APOC procedures outside the allow-list", async () => {
    await expect(helper.executeCypher("CALL apoc.load.json('file:///etc/hostname')")).rejects.toThrow(
      /no procedure with the name `apoc.load.json`/i,
    );
  });

  it.runIf(inject("neo4jPid") > 0)("runs from the class-data archive made on its first start", () => {
    // The JVM maps the archive into its memory when it uses it; one made for another launcher,
    // classpath or Java build would be refused and left unmapped.
    const maps = readFileSync(`/proc/${inject("neo4jPid")}/maps`, "utf8");
    expect(maps).toMatch(/graph\/embedded\/target\/launcher\/[0-9a-f]{16}\/neo4j\.jsa/);
  });

  it("refuses to start without Java, naming what to install", () => {
    const script = `import { startEmbeddedNeo4j } from "./src/db/embedded-neo4j.ts";
      import { createLogger } from "./src/logger.ts";
      await startEmbeddedNeo4j({ storeDir: "unused", port: 0, logger: createLogger("silent") })
        .then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { PATH: "/nonexistent" },
    });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/java was not found on PATH.*Java 17.*apt-get install openjdk-17/s);
  });
});
