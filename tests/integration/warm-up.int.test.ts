/** The service plans every example operation before it takes its first request (src/schema/warm-up.ts). */
import { afterAll, describe, expect, it } from "vitest";
import { readExamples } from "../../src/schema/examples.js";
import { TestHelper } from "../utils/test-helper.js";

describe("Warm-up at start-up", () => {
  const helper = new TestHelper({}, { record: true });
  afterAll(() => helper.close());

  it("runs every example operation's queries against the database before the first request", async () => {
    await helper.start();
    const atStart = helper.queries.map((q) => q.cypher);
    // Each example, run now, sends only queries the warm-up already sent: their plans are cached.
    for (const example of readExamples()) {
      helper.queries.length = 0;
      const response = await helper.executeGraphQL(example.query, example.variables);
      expect(response.body.errors, example.file).toBeUndefined();
      const missing = helper.queries.map((q) => q.cypher).filter((cypher) => !atStart.includes(cypher));
      expect(missing, `${example.file}: queries the warm-up did not send`).toEqual([]);
    }
  });
});
