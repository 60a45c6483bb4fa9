/** Ids of the seeded graph that hostile, property and load tests use as valid values. */

/** The curated roles of seeds/article/roles.yaml: part of the API contract (docs/design.md). */
export const CURATED_ROLE_IDS = [
  "chief-operating-officer",
  "production-manager",
  "operations-manager",
  "supply-chain-director",
  "logistics-director",
  "human-resources-director",
  "chief-executive-officer",
  "operations-management-consultant",
  "operational-strategist",
  "digital-transformation-consultant",
] as const;

export const COO = "chief-operating-officer";

/** Skills required by curated roles (graph/examples/09-roles-by-skills.graphql). */
export const KNOWN_SKILL_IDS = ["manage-staff", "negotiation"] as const;

/** Pairs with a career path between them (graph/examples/06-career-paths.graphql and the seeds). */
export const CAREER_PATH_PAIRS = [
  ["logistics-director", "chief-operating-officer"],
  ["operations-manager", "chief-executive-officer"],
  ["supply-chain-director", "chief-operating-officer"],
  ["production-manager", "chief-operating-officer"],
] as const;
