/**
 * How to reach the integration run's Neo4j (tests/global-setup.ts) as configuration variables:
 * its address and the credentials it requires. Spread into the environment of a service a test
 * starts, or into TestHelper's overrides.
 */
import { inject } from "vitest";

// A type alias, not an interface: it must fit where an environment (an index signature) is expected.
export type RunNeo4jEnv = {
  NEO4J_URI: string;
  NEO4J_USER: string;
  NEO4J_PASSWORD: string;
};

export function runNeo4jEnv(): RunNeo4jEnv {
  const uri = inject("neo4jUri");
  if (!uri)
    throw new Error("runNeo4jEnv needs the integration project's global setup (tests/global-setup.ts)");
  return { NEO4J_URI: uri, NEO4J_USER: inject("neo4jUser"), NEO4J_PASSWORD: inject("neo4jPassword") };
}
