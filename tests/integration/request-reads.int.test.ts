/**
 * The reads of one request (src/db/request-reads.ts) on the real database: the queries sent in one
 * turn of the event loop share a read transaction (tests/integration/batching.int.test.ts shows
 * that on the widget's lookups), each still gets its own answer, and a query that fails gives the
 * database's own error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDatasetVersionStatement, RequestReads } from "../../src/db/request-reads.js";
import { VersionObservations } from "../../src/db/version-observations.js";
import { TestHelper } from "../utils/test-helper.js";

describe("Request reads", () => {
  const helper = new TestHelper();
  const versionCypher = loadDatasetVersionStatement();
  const observations = new VersionObservations();
  const reads = () =>
    new RequestReads({
      driver: helper.driver,
      database: helper.database,
      timeoutMs: 10_000,
      versionCypher,
      observations,
    });

  beforeAll(() => helper.start());
  afterAll(() => helper.close());

  it("answers each query of a turn with its own result, and names the dataset version read", async () => {
    const r = reads();
    const answers = await Promise.all(
      [1, 2, 3].map((n) => r.run("UNWIND range(1, $n) AS i RETURN i", { n })),
    );
    expect(answers.map((a) => a.records.map((rec) => rec.get("i") as number))).toEqual([
      [1],
      [1, 2],
      [1, 2, 3],
    ]);
    const [expected] = await helper.executeCypher<{ version: string | null }>(versionCypher);
    await expect(r.finish()).resolves.toEqual({ version: expected?.version ?? null, consistent: true });
  });

  it("gives a failing query the database's error, with its message and code", async () => {
    const r = reads();
    const error = await r.run("RETURN 1 / toInteger($zero) AS x", { zero: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "Neo.ClientError.Statement.ArithmeticError" });
    expect((error as Error).message).toMatch(/\/ by zero/i);
    // The request's next query runs: the failure ended only its own transaction.
    const next = await r.run("RETURN 2 AS x");
    expect(next.records[0]?.get("x")).toBe(2);
  });
});
