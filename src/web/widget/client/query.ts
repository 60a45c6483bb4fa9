/**
 * The widget's one request: the related roles of a role with the shared skills shown as reasons,
 * titles and skill names in the widget's language (English where the data has no French), sent as a GET so that browsers and CDNs can cache the answer (see src/http/cache-policy.ts).
 * Shared by the browser bundle and the tests, so both exercise the same request form.
 */

export const RELATED_JOBS_QUERY =
  "query RelatedJobsWidget($id:ID!,$limit:Int!,$lang:Lang=EN){roles(where:{id:{eq:$id}}){id " +
  "title:titleIn(lang:$lang) relatedRoles(limit:$limit){score relation role{id title:titleIn(lang:$lang) " +
  "iscoCode escoUri} sharedSkills{name:nameIn(lang:$lang)}}}}";

/** The API's language for the widget's `lang`: titles and skill names in French for "fr". */
export function apiLanguage(lang: string): "EN" | "FR" {
  return lang === "fr" ? "FR" : "EN";
}

/** Largest list the widget asks for: a box, not a search page. */
export const MAX_LIMIT = 20;
export const DEFAULT_LIMIT = 5;

export interface RelatedJob {
  id: string;
  title: string;
  score: number;
  relation: string;
  iscoCode: string | null;
  escoUri: string | null;
  sharedSkills: string[];
}

export type RelatedJobsResult =
  | { kind: "ok"; role: { id: string; title: string }; jobs: RelatedJob[] }
  | { kind: "unknown-role" }
  | { kind: "unavailable"; reason: string };

/** The limit attribute as the API accepts it: a whole number within 1..MAX_LIMIT. */
export function clampLimit(value: string | null): number {
  const n = value === null ? NaN : Number.parseInt(value, 10);
  if (!Number.isFinite(n)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, n));
}

/**
 * GET /graphql?query=…&variables=… . Apollo's CSRF prevention accepts a GET only with a header
 * that forces a CORS preflight; `apollo-require-preflight` is the one meant for that.
 */
export function relatedJobsRequest(
  api: string,
  role: string,
  limit: number,
  lang: "EN" | "FR" = "EN",
): { url: string; headers: Record<string, string> } {
  const url = new URL(api);
  url.searchParams.set("query", RELATED_JOBS_QUERY);
  url.searchParams.set("variables", JSON.stringify({ id: role, limit, lang }));
  return { url: url.href, headers: { "apollo-require-preflight": "true", accept: "application/json" } };
}

interface WireRelated {
  score?: unknown;
  relation?: unknown;
  role?: { id?: unknown; title?: unknown; iscoCode?: unknown; escoUri?: unknown } | null;
  sharedSkills?: { name?: unknown }[] | null;
}

interface WireBody {
  data?: { roles?: { id?: unknown; title?: unknown; relatedRoles?: WireRelated[] | null }[] | null } | null;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/**
 * Reads an answer defensively (any shape may come back from a proxy or an older API). An unknown
 * id is an empty `roles` list: `roles(where:)` filters, it does not fail, so `relatedRoles` never
 * runs to report NOT_FOUND; the NOT_FOUND code is honoured too in case that ever changes.
 */
export function parseRelatedJobs(status: number, body: unknown): RelatedJobsResult {
  const wire = (typeof body === "object" && body !== null ? body : {}) as WireBody;
  const codes = (wire.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes("NOT_FOUND")) return { kind: "unknown-role" };
  if (status !== 200 || codes.length > 0) {
    return { kind: "unavailable", reason: `HTTP ${status}${codes.length ? ` ${codes.join(",")}` : ""}` };
  }
  const roles = wire.data?.roles;
  if (!Array.isArray(roles)) return { kind: "unavailable", reason: "malformed answer" };
  const role = roles[0];
  if (!role) return { kind: "unknown-role" };
  const jobs: RelatedJob[] = [];
  for (const item of role.relatedRoles ?? []) {
    const r = item.role;
    if (!r || typeof r.id !== "string" || typeof r.title !== "string") continue;
    jobs.push({
      id: r.id,
      title: r.title,
      score: typeof item.score === "number" ? Math.min(1, Math.max(0, item.score)) : 0,
      relation: typeof item.relation === "string" ? item.relation : "SIMILAR",
      iscoCode: typeof r.iscoCode === "string" ? r.iscoCode : null,
      escoUri: typeof r.escoUri === "string" ? r.escoUri : null,
      sharedSkills: (item.sharedSkills ?? [])
        .map((s) => s.name)
        .filter((n): n is string => typeof n === "string"),
    });
  }
  return { kind: "ok", role: { id: String(role.id), title: String(role.title) }, jobs };
}
