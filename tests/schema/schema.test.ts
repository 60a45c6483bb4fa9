import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSchema } from "../../src/schema/build-schema.js";
import { GENERATED_SCHEMA_FILE, printSortedSchema } from "../../src/schema/print-schema.js";

describe("The generated GraphQL schema", () => {
  it("matches the committed graph/schema.generated.graphql (run `npm run schema:print` after a reviewed change)", async () => {
    const printed = printSortedSchema(await buildSchema());
    expect(printed).toBe(readFileSync(GENERATED_SCHEMA_FILE, "utf8"));
  });

  it("is read-only and names the types and relationship fields of the design", async () => {
    const schema = await buildSchema();
    expect(schema.getMutationType()).toBeFalsy();
    const role = schema.getType("Role");
    expect(role && "getFields" in role).toBe(true);
    const fields = Object.keys((role as { getFields(): Record<string, unknown> }).getFields());
    for (const name of [
      "skills",
      "tools",
      "sectors",
      "employerTypes",
      "missions",
      "qualifications",
      "salaryBands",
      "challenges",
      "nextRoles",
      "previousRoles",
      "relatedTo",
      "iscoGroup",
      "skillsConnection",
    ]) {
      expect(fields, name).toContain(name);
    }
    for (const type of ["Skill", "Tool"]) {
      const t = schema.getType(type) as { getFields(): Record<string, unknown> };
      expect(Object.keys(t.getFields()), type).toContain("roles");
    }
  });
});
