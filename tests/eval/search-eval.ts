/**
 * The role search evaluation (tests/fixtures/search-eval.yaml): reads the hand-written queries,
 * asks the service for each, and computes hit@1, hit@3 and the mean reciprocal rank (over the
 * first 10 hits). Shared by the test (tests/integration/search-eval.int.test.ts) and
 * `npm run eval:search`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";

export const EVAL_FILE = fileURLToPath(new URL("../fixtures/search-eval.yaml", import.meta.url));

const evalSchema = z.strictObject({
  queries: z
    .array(
      z.strictObject({
        q: z.string().min(1),
        lang: z.enum(["en", "fr"]),
        kind: z.enum(["title", "acronym", "synonym", "typo", "fr"]),
        accept: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(150),
});

export type EvalQuery = z.infer<typeof evalSchema>["queries"][number];

export function readEvalSet(file = EVAL_FILE): EvalQuery[] {
  return evalSchema.parse(parse(readFileSync(file, "utf8"))).queries;
}

export interface EvalResult {
  query: EvalQuery;
  /** Ids of the first hits, best first. */
  hits: string[];
  /** 1-based rank of the first accepted id, or null. */
  rank: number | null;
}

export interface EvalSummary {
  n: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

export const SEARCH_QUERY = /* GraphQL */ `
  query SearchEval($text: String!, $lang: Lang) {
    searchRoles(text: $text, limit: 10, lang: $lang) {
      role {
        id
      }
    }
  }
`;

/**
 * Runs a search, again after a pause when the service answers SERVICE_UNAVAILABLE (a database too
 * busy to answer in time is not a ranking result); any other error fails at once.
 */
export async function searchWithRetry(
  post: () => Promise<{ data?: { searchRoles: { role: { id: string } }[] } | null; errors?: unknown[] }>,
  text: string,
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const body = await post();
    const unavailable = JSON.stringify(body.errors ?? []).includes("SERVICE_UNAVAILABLE");
    if (body.errors && !(unavailable && attempt < 5)) {
      throw new Error(`"${text}": ${JSON.stringify(body.errors)}`);
    }
    if (!body.errors) return (body.data?.searchRoles ?? []).map((h) => h.role.id);
    await new Promise((resolve) => setTimeout(resolve, 2_000 * attempt));
  }
}

export async function evaluate(
  queries: readonly EvalQuery[],
  search: (text: string, lang: "EN" | "FR") => Promise<string[]>,
): Promise<EvalResult[]> {
  const results: EvalResult[] = [];
  for (const query of queries) {
    const hits = await search(query.q, query.lang === "fr" ? "FR" : "EN");
    const index = hits.findIndex((id) => query.accept.includes(id));
    results.push({ query, hits, rank: index < 0 ? null : index + 1 });
  }
  return results;
}

export function summarise(results: readonly EvalResult[]): EvalSummary {
  const n = results.length;
  const share = (ok: (r: EvalResult) => boolean) => results.filter(ok).length / n;
  return {
    n,
    hitAt1: share((r) => r.rank === 1),
    hitAt3: share((r) => r.rank !== null && r.rank <= 3),
    mrr: results.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / n,
  };
}

/** A Markdown table: overall, then by kind and by language. */
export function report(results: readonly EvalResult[]): string {
  const groups: [string, EvalResult[]][] = [["all", [...results]]];
  for (const kind of ["title", "acronym", "synonym", "fr", "typo"] as const)
    groups.push([`kind ${kind}`, results.filter((r) => r.query.kind === kind)]);
  for (const lang of ["en", "fr"] as const)
    groups.push([`lang ${lang}`, results.filter((r) => r.query.lang === lang)]);
  const rows = groups
    .filter(([, rs]) => rs.length > 0)
    .map(([name, rs]) => {
      const s = summarise(rs);
      return `| ${name} | ${s.n} | ${s.hitAt1.toFixed(3)} | ${s.hitAt3.toFixed(3)} | ${s.mrr.toFixed(3)} |`;
    });
  const misses = results
    .filter((r) => r.rank !== 1)
    .map(
      (r) =>
        `- "${r.query.q}" (${r.query.kind}): rank ${r.rank ?? "none"}; got ${r.hits.slice(0, 3).join(", ")}`,
    );
  return [
    "| queries | n | hit@1 | hit@3 | MRR |",
    "| --- | --: | --: | --: | --: |",
    ...rows,
    "",
    misses.length > 0 ? `Not first (${misses.length}):\n${misses.join("\n")}` : "Every query first.",
  ].join("\n");
}
