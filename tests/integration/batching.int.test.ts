/**
 * Custom fields keep @neo4j/graphql's one-query-per-selection behaviour: a field asked on a list
 * of roles is answered by one batched query, and loaders belong to one request only.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readExamples } from "../../src/schema/examples.js";
import { TestHelper } from "../utils/test-helper.js";

const career = readFileSync(new URL("../../graph/queries/career.cypher", import.meta.url), "utf8");
const RELATED_ROLES_CYPHER =
  /\/\/ name: related roles\n([\s\S]*?)(?=\n\/\/ name: )/.exec(career)?.[1]?.trim() ?? "";

const WIDGET_ON_MANY = /* GraphQL */ `
  query ($ids: [ID!]!) {
    roles(where: { id: { in: $ids } }, sort: [{ id: ASC }]) {
      id
      relatedRoles(limit: 3) {
        score
        role {
          id
          title
          skills(limit: 2) {
            id
          }
        }
        sharedSkills {
          id
        }
        sharedTools {
          id
        }
        sharedSectors {
          id
        }
      }
    }
  }
`;

/**
 * @neo4j/graphql's lookup of nodes by a list of ids that a custom field delegates (it returns
 * each node's id as `__id`), with the label it looks up.
 */
const LOOKUP =
  /^CYPHER 5\s+MATCH \(this:(\w+)\)\s+WHERE this\.id IN \$param0\s+RETURN this \{[^}]*__id: this\.id \}/;

describe("Batching of custom fields", () => {
  const helper = new TestHelper({}, { record: true });
  let ids: string[] = [];

  beforeAll(async () => {
    await helper.start();
    const rows = await helper.executeCypher<{ id: string }>(
      "MATCH (r:Role) RETURN r.id AS id ORDER BY id LIMIT 50",
    );
    ids = rows.map((r) => r.id);
    expect(RELATED_ROLES_CYPHER).toMatch(/^UNWIND \$ids AS id$/m);
  });
  beforeEach(() => {
    helper.queries.length = 0;
  });
  afterAll(() => helper.close());

  async function roundTrips(roleIds: string[]) {
    helper.queries.length = 0;
    const response = await helper.executeGraphQL<{ roles: { relatedRoles: unknown[] }[] }>(WIDGET_ON_MANY, {
      ids: roleIds,
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.roles).toHaveLength(roleIds.length);
    // @neo4j/graphql checks the database version once (dbms.components); that is not per request.
    return helper.queries.filter((q) => !q.cypher.includes("dbms.components()"));
  }

  it("answers relatedRoles on 50 roles with one related-roles query and a fixed number of round trips", async () => {
    const fifty = await roundTrips(ids);
    const related = fifty.filter((q) => q.cypher === RELATED_ROLES_CYPHER);
    expect(related).toHaveLength(1);
    expect(related[0]?.params.ids).toEqual(ids);
    // roles list + related roles + one delegated query each for role, sharedSkills, sharedTools, sharedSectors
    expect(fifty.length).toBeLessThanOrEqual(6);
    const five = await roundTrips(ids.slice(0, 5));
    expect(five.length).toBe(fifty.length);
  });

  it("sends the lookups of one level together, in one read transaction", async () => {
    // The widget's own operation (graph/examples/04-*): its names need node lookups.
    const widget = readExamples().find((e) => e.file.startsWith("04-"));
    expect(widget?.query).toContain("sharedSectors");
    helper.queries.length = 0;
    const response = await helper.executeGraphQL<{ roles: { relatedRoles: unknown[] }[] }>(
      widget?.query ?? "",
      widget?.variables,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.roles[0]?.relatedRoles.length).toBeGreaterThan(0);
    const queries = helper.queries.filter((q) => !q.cypher.includes("dbms.components()"));
    // Role, Skill, Tool and Sector: @neo4j/graphql's lookups by id that the related-roles answer
    // delegates to, all sent in one turn of the event loop (src/db/request-reads.ts).
    const lookups = queries.filter((q) => LOOKUP.test(q.cypher));
    expect(lookups.map((q) => LOOKUP.exec(q.cypher)?.[1]).sort()).toEqual([
      "Role",
      "Sector",
      "Skill",
      "Tool",
    ]);
    expect(new Set(lookups.map((q) => q.transaction)).size).toBe(1);
    // Queries that wait for another's answer run in transactions of their own.
    const related = queries.find((q) => q.cypher === RELATED_ROLES_CYPHER);
    expect(related?.transaction).not.toBe(lookups[0]?.transaction);
    expect(new Set(queries.map((q) => q.transaction)).size).toBe(3);
  });

  it("gives two concurrent requests their own answers and their own loaders", async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        roles(where: { id: { eq: $id } }) {
          id
          relatedRoles(limit: 5) {
            score
            role {
              id
            }
          }
        }
      }
    `;
    const [a, b] = ["supply-chain-director", "human-resources-director"];
    const alone = await Promise.all([a, b].map((id) => helper.executeGraphQL(query, { id })));
    helper.queries.length = 0;
    const together = await Promise.all([a, b, a, b].map((id) => helper.executeGraphQL(query, { id })));
    expect(together[0]?.body).toEqual(alone[0]?.body);
    expect(together[1]?.body).toEqual(alone[1]?.body);
    expect(together[2]?.body).toEqual(alone[0]?.body);
    expect(together[3]?.body).toEqual(alone[1]?.body);
    expect(alone[0]?.body).not.toEqual(alone[1]?.body);
    // A loader shared across requests would batch both ids into one query or serve one from cache.
    const related = helper.queries.filter((q) => q.cypher === RELATED_ROLES_CYPHER).map((q) => q.params.ids);
    expect(related).toHaveLength(4);
    for (const batch of related) expect(batch).toHaveLength(1);
  });
});
