/**
 * The explorer's only way to the data: same-origin POSTs to /graphql. A JSON content type is one of
 * the request forms Apollo's CSRF prevention accepts, so no extra header is needed. Every failure
 * becomes an ApiError whose message is fit to show to a person.
 */

export interface RoleRef {
  id: string;
  title: string;
}

export interface SearchHit {
  score: number;
  matchedTitle: string;
  role: RoleRef;
}

export interface CareerMove {
  from: { id: string };
  to: { id: string };
  kind: string;
  evidence: string;
  typicalYears: number | null;
  /** How sure the sources are of the move, 0..1 (null for a move written without one). */
  confidence: number | null;
  skillsToAcquire: { id: string; name: string }[];
}

export interface CareerPath {
  steps: number;
  typicalYears: number | null;
  /** Product of the moves' confidences. */
  confidence: number;
  roles: RoleRef[];
  moves: CareerMove[];
}

export interface RelatedRole {
  score: number;
  relation: "PROGRESSION" | "RELATED" | "SIMILAR";
  role: RoleRef;
  sharedSkills: { name: string }[];
  sharedTools: { name: string }[];
  sharedSectors: { name: string }[];
}

export interface OverlapRole extends RoleRef {
  skillsConnection: { totalCount: number };
}

export interface SkillOverlap {
  roles: OverlapRole[];
  pairs: { a: { id: string }; b: { id: string }; jaccard: number; sharedCount: number }[];
  commonToAll: { name: string }[];
}

export type ApiErrorKind = "unreachable" | "unavailable" | "not-found" | "bad-input" | "other";

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** The ids the API could not find, for NOT_FOUND. */
    readonly ids: readonly string[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; ids?: unknown; id?: unknown } }[];
}

export async function graphql<T>(
  query: string,
  variables: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(
      "unreachable",
      "The API cannot be reached: the service may be down. Try again shortly.",
    );
  }
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new ApiError(
      response.status >= 500 ? "unavailable" : "other",
      `The API answered with HTTP ${response.status} and no readable body. Try again shortly.`,
    );
  }
  const first = body.errors?.[0];
  if (first) throw toApiError(first);
  if (!response.ok || body.data == null) {
    throw new ApiError("other", `The API answered with HTTP ${response.status} and no data.`);
  }
  return body.data;
}

function toApiError(error: NonNullable<GraphQLBody<unknown>["errors"]>[number]): ApiError {
  switch (error.extensions?.code) {
    case "NOT_FOUND": {
      const ids = Array.isArray(error.extensions.ids)
        ? error.extensions.ids.filter((id): id is string => typeof id === "string")
        : typeof error.extensions.id === "string"
          ? [error.extensions.id]
          : [];
      const message = ids.length ? `Unknown role: ${ids.join(", ")}.` : error.message;
      return new ApiError("not-found", message, ids);
    }
    case "BAD_USER_INPUT":
      return new ApiError("bad-input", error.message);
    case "SERVICE_UNAVAILABLE":
      return new ApiError("unavailable", "The database is not answering right now. Try again shortly.");
    default:
      return new ApiError("other", `The API could not answer: ${error.message}`);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong while talking to the API.";
}

const SEARCH = /* GraphQL */ `
  query ExplorerSearch($text: String!, $limit: Int!) {
    searchRoles(text: $text, limit: $limit) {
      score
      matchedTitle
      role {
        id
        title
      }
    }
  }
`;

export async function searchRoles(text: string, limit: number, signal?: AbortSignal): Promise<SearchHit[]> {
  const data = await graphql<{ searchRoles: SearchHit[] }>(SEARCH, { text, limit }, signal);
  return data.searchRoles;
}

const ROLE_TITLES = /* GraphQL */ `
  query ExplorerRoleTitles($ids: [ID!]!) {
    roles(where: { id: { in: $ids } }) {
      id
      title
    }
  }
`;

/** Titles of the given roles; ids that do not exist are simply absent from the map. */
export async function roleTitles(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const data = await graphql<{ roles: RoleRef[] }>(ROLE_TITLES, { ids });
  return new Map(data.roles.map((r) => [r.id, r.title]));
}

const CAREER_PATHS = /* GraphQL */ `
  query ExplorerCareerPaths($from: ID!, $to: ID!, $maxSteps: Int!, $limit: Int!) {
    careerPaths(from: $from, to: $to, maxSteps: $maxSteps, limit: $limit) {
      steps
      typicalYears
      confidence
      roles {
        id
        title
      }
      moves {
        from {
          id
        }
        to {
          id
        }
        kind
        evidence
        typicalYears
        confidence
        skillsToAcquire {
          id
          name
        }
      }
    }
  }
`;

export async function careerPaths(args: {
  from: string;
  to: string;
  maxSteps: number;
  limit: number;
}): Promise<CareerPath[]> {
  const data = await graphql<{ careerPaths: CareerPath[] }>(CAREER_PATHS, args);
  return data.careerPaths;
}

const RELATED_ROLES = /* GraphQL */ `
  query ExplorerRelatedRoles($id: ID!, $limit: Int!) {
    roles(where: { id: { eq: $id } }) {
      id
      title
      relatedRoles(limit: $limit) {
        score
        relation
        role {
          id
          title
        }
        sharedSkills {
          name
        }
        sharedTools {
          name
        }
        sharedSectors {
          name
        }
      }
    }
  }
`;

export async function relatedRoles(
  id: string,
  limit: number,
): Promise<{ role: RoleRef; related: RelatedRole[] }> {
  const data = await graphql<{ roles: (RoleRef & { relatedRoles: RelatedRole[] })[] }>(RELATED_ROLES, {
    id,
    limit,
  });
  const role = data.roles[0];
  // A generated `roles` query answers an unknown id with an empty list rather than an error.
  if (!role) throw new ApiError("not-found", `Unknown role: ${id}.`, [id]);
  return { role: { id: role.id, title: role.title }, related: role.relatedRoles };
}

const SKILL_OVERLAP = /* GraphQL */ `
  query ExplorerSkillOverlap($roleIds: [ID!]!) {
    skillOverlap(roleIds: $roleIds) {
      roles {
        id
        title
        skillsConnection {
          totalCount
        }
      }
      pairs {
        a {
          id
        }
        b {
          id
        }
        jaccard
        sharedCount
      }
      commonToAll {
        name
      }
    }
  }
`;

export async function skillOverlap(roleIds: readonly string[]): Promise<SkillOverlap> {
  const data = await graphql<{ skillOverlap: SkillOverlap }>(SKILL_OVERLAP, { roleIds });
  return data.skillOverlap;
}

export interface SalaryBand {
  label: string | null;
  minExperienceYears: number | null;
  maxExperienceYears: number | null;
  minAnnualGross: number | null;
  maxAnnualGross: number | null;
  currency: string;
  country: string;
  year: number | null;
  note: string | null;
  median: number | null;
  percentile10: number | null;
  percentile90: number | null;
  socCode: string | null;
}

export interface RoleSkill {
  id: string;
  name: string;
  essential: boolean;
  importance: number | null;
}

export interface SourceRef {
  id: string;
  title: string;
  publisher: string | null;
  url: string | null;
}

export interface RoleProfile extends RoleRef {
  summary: string | null;
  seniority: string | null;
  skills: RoleSkill[];
  tools: { name: string; category: string }[];
  salaryBands: (SalaryBand & { source: string })[];
  /** The sources the salary bands cite, by id. */
  sources: Map<string, SourceRef>;
}

const ROLE_PROFILE = /* GraphQL */ `
  query ExplorerRoleProfile($id: ID!) {
    roles(where: { id: { eq: $id } }) {
      id
      title
      summary
      seniority
      skillsConnection {
        edges {
          properties {
            essential
            importance
          }
          node {
            id
            name
          }
        }
      }
      tools {
        name
        category
      }
      salaryBandsConnection {
        edges {
          properties {
            source
          }
          node {
            label
            minExperienceYears
            maxExperienceYears
            minAnnualGross
            maxAnnualGross
            currency
            country
            year
            note
            median
            percentile10
            percentile90
            socCode
          }
        }
      }
    }
    sources {
      id
      title
      publisher
      url
    }
  }
`;

interface WireProfile extends RoleRef {
  summary: string | null;
  seniority: string | null;
  skillsConnection: {
    edges: {
      properties: { essential: boolean; importance: number | null };
      node: { id: string; name: string };
    }[];
  };
  tools: { name: string; category: string }[];
  salaryBandsConnection: { edges: { properties: { source: string }; node: SalaryBand }[] };
}

/** A role's profile: skills with their weight, tools, and salary bands with their sources. */
export async function roleProfile(id: string): Promise<RoleProfile> {
  const data = await graphql<{ roles: WireProfile[]; sources: SourceRef[] }>(ROLE_PROFILE, { id });
  const role = data.roles[0];
  if (!role) throw new ApiError("not-found", `Unknown role: ${id}.`, [id]);
  return {
    id: role.id,
    title: role.title,
    summary: role.summary,
    seniority: role.seniority,
    skills: role.skillsConnection.edges.map((e) => ({ ...e.node, ...e.properties })),
    tools: role.tools,
    salaryBands: role.salaryBandsConnection.edges.map((e) => ({ ...e.node, source: e.properties.source })),
    sources: new Map(data.sources.map((s) => [s.id, s])),
  };
}

export interface SkillGap {
  jaccard: number;
  from: RoleRef;
  to: RoleRef;
  /** Skills `to` requires that `from` lacks, in the API's order (essential first, then importance). */
  missingSkills: RoleSkill[];
  sharedSkills: { id: string; name: string }[];
  toolsToLearn: { name: string }[];
}

const SKILL_GAP = /* GraphQL */ `
  query ExplorerSkillGap($from: ID!, $to: ID!) {
    compareRoles(from: $from, to: $to) {
      jaccard
      from {
        id
        title
      }
      to {
        id
        title
        skillsConnection {
          edges {
            properties {
              essential
              importance
            }
            node {
              id
            }
          }
        }
      }
      missingSkills {
        id
        name
      }
      sharedSkills {
        id
        name
      }
      toolsToLearn {
        name
      }
    }
  }
`;

/** What moving from one role to another asks for: compareRoles, with each missing skill's weight. */
export async function skillGap(from: string, to: string): Promise<SkillGap> {
  const data = await graphql<{
    compareRoles: {
      jaccard: number;
      from: RoleRef;
      to: RoleRef & {
        skillsConnection: {
          edges: { properties: { essential: boolean; importance: number | null }; node: { id: string } }[];
        };
      };
      missingSkills: { id: string; name: string }[];
      sharedSkills: { id: string; name: string }[];
      toolsToLearn: { name: string }[];
    };
  }>(SKILL_GAP, { from, to });
  const c = data.compareRoles;
  const weight = new Map(c.to.skillsConnection.edges.map((e) => [e.node.id, e.properties]));
  return {
    jaccard: c.jaccard,
    from: { id: c.from.id, title: c.from.title },
    to: { id: c.to.id, title: c.to.title },
    missingSkills: c.missingSkills.map((s) => ({
      ...s,
      essential: weight.get(s.id)?.essential ?? false,
      importance: weight.get(s.id)?.importance ?? null,
    })),
    sharedSkills: c.sharedSkills,
    toolsToLearn: c.toolsToLearn,
  };
}
