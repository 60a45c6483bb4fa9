/**
 * The benchmarked operations: the README's own example documents (graph/examples/), with
 * variables fixed so that every run, on every machine, asks the same questions.
 */
import neo4j, { type Driver } from "neo4j-driver";
import { readExamples, type ExampleOperation } from "../../src/schema/examples.js";
import { COO, CURATED_ROLE_IDS } from "../utils/known-ids.js";

export interface BenchOperation {
  /** Short, URL-safe key: also the L2 handler's path. */
  key: string;
  /** What the table shows. */
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /**
   * Answered by @neo4j/graphql's generated resolvers alone (no custom resolver): these are the
   * operations the plain library stack (level L1) can answer too.
   */
  generated?: boolean;
}

function example(examples: readonly ExampleOperation[], prefix: string): ExampleOperation {
  const found = examples.find((e) => e.file.startsWith(prefix));
  if (!found) throw new Error(`bench: no graph/examples/${prefix}*.graphql`);
  return found;
}

/**
 * The role ids of the skill-overlap operations: the curated roles (COO first), then the other
 * roles ordered by id. Computed once on the real graph (scale S) and kept for every scale, so a
 * change of latency across scales is the graph's doing, not a different question's.
 */
export async function overlapRoleIds(driver: Driver, database: string, count: number): Promise<string[]> {
  const curated: string[] = [...CURATED_ROLE_IDS];
  const { records } = await driver.executeQuery(
    "MATCH (r:Role) WHERE NOT r.id IN $curated RETURN r.id AS id ORDER BY id LIMIT $limit",
    { curated, limit: neo4j.int(Math.max(0, count - curated.length)) },
    { database, routing: "READ" },
  );
  const ids = [...curated, ...records.map((r) => r.get("id") as string)].slice(0, count);
  if (ids.length < count) throw new Error(`bench: the graph has only ${ids.length} roles; ${count} needed`);
  return ids;
}

/** The keys of benchOperations, in its order (`npm run bench -- --only`). */
export const OPERATION_KEYS: readonly string[] = [
  "profile",
  "next",
  "tools",
  "related",
  "search",
  "paths",
  "compare",
  "overlap10",
  "overlap50",
  "overlap50m",
];

export function benchOperations(overlap10: string[], overlap50: string[]): BenchOperation[] {
  const examples = readExamples();
  const profile = example(examples, "01-");
  const next = example(examples, "02-");
  const tools = example(examples, "03-");
  const related = example(examples, "04-");
  const search = example(examples, "05-");
  const paths = example(examples, "06-");
  const compare = example(examples, "07-");
  const overlap = example(examples, "08-");
  return [
    {
      key: "profile",
      label: "role profile (COO)",
      query: profile.query,
      variables: { id: COO },
      generated: true,
    },
    { key: "next", label: "next roles (COO)", query: next.query, variables: { id: COO }, generated: true },
    {
      key: "tools",
      label: "tools and salaries (COO)",
      query: tools.query,
      variables: { id: COO },
      generated: true,
    },
    { key: "related", label: "relatedRoles widget", query: related.query, variables: related.variables },
    { key: "search", label: "searchRoles", query: search.query, variables: search.variables },
    {
      key: "paths",
      label: "careerPaths (maxSteps 4)",
      query: paths.query,
      variables: { ...paths.variables, maxSteps: 4 },
    },
    { key: "compare", label: "compareRoles", query: compare.query, variables: compare.variables },
    {
      key: "overlap10",
      label: "skillOverlap (10 roles)",
      query: overlap.query,
      variables: { roleIds: overlap10 },
    },
    {
      key: "overlap50",
      label: "skillOverlap (50 roles)",
      query: overlap.query,
      variables: { roleIds: overlap50 },
    },
    {
      key: "overlap50m",
      label: "skillOverlap (50, matrix)",
      query: OVERLAP_MATRIX,
      variables: { roleIds: overlap50 },
    },
  ];
}

/** The matrix form of skillOverlap (issue 14): what an analyst's table of 50 roles asks for. */
const OVERLAP_MATRIX = /* GraphQL */ `
  query SkillOverlapMatrix($roleIds: [ID!]!) {
    skillOverlap(roleIds: $roleIds) {
      roles {
        id
      }
      matrix
      sharedCounts
      commonToAll {
        name
      }
    }
  }
`;

/**
 * The widget's operation as a browser sends it anonymously: a GET with the operation in the URL,
 * the kind of request the service answers from its response cache (level "L3 cached").
 */
export function getPath(op: BenchOperation): string {
  return `/graphql?${new URLSearchParams({ query: op.query, variables: JSON.stringify(op.variables) }).toString()}`;
}

/** The HTTP body of an operation, the same bytes for L2 and L3. */
export function requestBody(op: BenchOperation): string {
  return JSON.stringify({ query: op.query, variables: op.variables });
}
