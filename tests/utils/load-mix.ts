/**
 * A realistic request mix and an autocannon runner, shared by the short load test
 * (tests/integration/load.int.test.ts) and the long soak (tests/bench/soak.ts).
 *
 * The mix is the README's own operations (graph/examples/) with varied variables: COO profile
 * lookups through the generated `roles(where: { id: { eq } })`, related roles of several roles,
 * career paths, skill overlap of 4 to 10 roles, and typo-tolerant searches.
 */
import autocannon from "autocannon";
import { readExamples, type ExampleOperation } from "../../src/schema/examples.js";
import { CAREER_PATH_PAIRS, COO, CURATED_ROLE_IDS } from "./known-ids.js";
import { findLeaks } from "./leaks.js";

export interface MixRequest {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

function example(examples: readonly ExampleOperation[], prefix: string): string {
  const found = examples.find((e) => e.file.startsWith(prefix));
  if (!found) throw new Error(`load mix: no graph/examples/${prefix}*.graphql`);
  return found.query;
}

/** About 20 requests; autocannon's connections each cycle through them in order. */
export function loadMix(): MixRequest[] {
  const examples = readExamples();
  const profile = example(examples, "01-");
  const related = example(examples, "04-");
  const search = example(examples, "05-");
  const paths = example(examples, "06-");
  const overlap = example(examples, "08-");
  const roles = [...CURATED_ROLE_IDS];
  return [
    { name: "COO profile", query: profile, variables: { id: COO } },
    { name: "COO profile", query: profile, variables: { id: COO } },
    { name: "profile", query: profile, variables: { id: "supply-chain-director" } },
    ...["supply-chain-director", COO, "operations-manager", "logistics-director", "production-manager"].map(
      (id) => ({ name: "relatedRoles", query: related, variables: { id, limit: 5 } }),
    ),
    ...CAREER_PATH_PAIRS.map(([from, to]) => ({
      name: "careerPaths",
      query: paths,
      variables: { from, to, maxSteps: 4, limit: 3 },
    })),
    ...[4, 7, 10].map((n) => ({
      name: `skillOverlap(${n})`,
      query: overlap,
      variables: { roleIds: roles.slice(0, n) },
    })),
    { name: "skillOverlap(5)", query: overlap, variables: { roleIds: roles.slice(5, 10) } },
    ...[
      "suply chain director",
      "directeur logistique",
      "chief operating oficer",
      "operations manager",
      "responsable RH",
    ].map((text) => ({ name: "searchRoles", query: search, variables: { text, limit: 5 } })),
  ];
}

/**
 * Requests the service must refuse quickly with a coded 4xx and no database work (issue 15's
 * findings): too costly nested lists, a relationship filter three hops deep, variable defaults
 * past the limits. The soak rotates them with the mix when asked (--adversarial).
 */
export function adversarialMix(): MixRequest[] {
  const roles = [...CURATED_ROLE_IDS];
  return [
    {
      name: "refused: skills' roles' skills",
      query: '{ roles(where:{id:{eq:"financial-manager"}}){ skills{ roles{ skills{ id } } } } }',
      variables: {},
    },
    {
      name: "refused: filter three hops deep",
      query:
        '{ roles(limit:100, where:{skills:{single:{roles:{single:{skills:{single:{id:{eq:"manage-staff"}}}}}}}}){ id } }',
      variables: {},
    },
    {
      name: "refused: overlap pairs' skills' roles",
      query:
        "query ($ids: [ID!]!) { skillOverlap(roleIds: $ids) { pairs { a { skills { roles { id } } } } } }",
      variables: { ids: roles.slice(0, 10) },
    },
    {
      name: "refused: limit default 5000",
      query: "query ($l: Int = 5000) { skills(limit: $l) { id } }",
      variables: {},
    },
    {
      name: "refused: offset default -5",
      query: "query ($o: Int = -5) { skills(offset: $o, limit: 2) { id } }",
      variables: {},
    },
    // The rest of issue 15's refused requests.
    {
      name: "refused: skills' roles' skills' roles",
      query: '{ roles(where:{id:{eq:"financial-manager"}}){ skills{ roles{ skills{ roles { id } } } } } }',
      variables: {},
    },
    {
      name: "refused: first default 5000",
      query: "query ($f: Int = 5000) { skillsConnection(first: $f) { edges { node { id } } } }",
      variables: {},
    },
    {
      name: "refused: forged cursor default",
      query:
        'query ($a: String = "YXJyYXljb25uZWN0aW9uOi01") { skillsConnection(first: 2, after: $a) { edges { node { id } } } }',
      variables: {},
    },
    {
      name: "refused: where default nested 12 levels",
      query: `query ($w: RoleWhere = ${"{ NOT: ".repeat(12)}{ id: { eq: "x" } }${" }".repeat(12)}) { roles(where: $w, limit: 1) { id } }`,
      variables: {},
    },
    {
      name: "refused: id list of 300 as a default",
      query: `query ($w: RoleWhere = { id: { in: [${Array.from({ length: 300 }, (_, i) => `"r${i}"`).join(", ")}] } }) { roles(where: $w, limit: 1) { id } }`,
      variables: {},
    },
    {
      name: "refused: one directive 150 times",
      query: `{ sources { id ${"@include(if: true) ".repeat(150)}} }`,
      variables: {},
    },
  ];
}

export interface LoadOptions {
  /** http://host:port of the service (loopback). */
  baseUrl: string;
  durationSeconds: number;
  connections: number;
  /** Seconds before autocannon counts a request as timed out. */
  timeoutSeconds?: number;
  /** Check one body in `leakSampleEvery` for leak markers (every body is checked for `errors`). */
  leakSampleEvery?: number;
  /** Requests to rotate with the mix that must be refused with a coded 4xx (adversarialMix). */
  refused?: readonly MixRequest[];
  /**
   * Role ids for the widget's anonymous GET, about a third of the rotation: each asks for the next
   * role and limit (1–3), which the response cache stores as distinct entries, then answers from
   * them on the next pass.
   */
  cachedGets?: readonly string[];
}

export interface LoadReport {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  bodiesChecked: number;
  bodiesWithErrors: number;
  bodiesWithLeaks: number;
  /** Adversarial requests refused as they should be (a 4xx with a code), and those that were not. */
  refusedAsExpected: number;
  notRefused: number;
  /** A few bodies that had `errors` or leak markers, with the request's name. */
  badSamples: string[];
  /** The widget GETs answered, and how many of them came from the response cache. */
  cachedGets: { answered: number; hits: number };
  memoryBefore: NodeJS.MemoryUsage;
  memoryAfter: NodeJS.MemoryUsage;
}

/** Runs the mix once with fetch; returns the names of requests that did not answer cleanly. */
export async function checkMixOnce(
  baseUrl: string,
  mix: readonly MixRequest[] = loadMix(),
): Promise<string[]> {
  const problems: string[] = [];
  for (const request of mix) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"') || findLeaks(text).length > 0)
      problems.push(
        `${request.name} ${JSON.stringify(request.variables)} → ${response.status} ${text.slice(0, 300)}`,
      );
  }
  return problems;
}

/** Runs the mix with autocannon and checks every body. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const mix = loadMix();
  const sampleEvery = options.leakSampleEvery ?? 10;
  const tally = {
    checked: 0,
    withErrors: 0,
    withLeaks: 0,
    refused: 0,
    notRefused: 0,
    samples: [] as string[],
  };
  const statusCounts: Record<string, number> = {};
  const requests: autocannon.Request[] = mix.map((request) => ({
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: request.query, variables: request.variables }),
    onResponse: (status: number, body: string) => {
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      tally.checked++;
      const hasErrors = body.includes('"errors"');
      const leaks = tally.checked % sampleEvery === 0 || hasErrors ? findLeaks(body) : [];
      if (hasErrors) tally.withErrors++;
      if (leaks.length > 0) tally.withLeaks++;
      if ((hasErrors || leaks.length > 0) && tally.samples.length < 5)
        tally.samples.push(`${request.name} → ${status} ${leaks.join(", ")} ${body.slice(0, 300)}`);
    },
  }));
  for (const request of options.refused ?? []) {
    requests.push({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      onResponse: (status: number, body: string) => {
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        const refused = status >= 400 && status < 500 && /"code":"[A-Z_]+"/.test(body);
        if (refused && findLeaks(body).length === 0) tally.refused++;
        else {
          tally.notRefused++;
          if (tally.samples.length < 5)
            tally.samples.push(`${request.name} → ${status} ${body.slice(0, 300)}`);
        }
      },
    });
  }
  const cachedGets = { answered: 0, hits: 0 };
  const roles = options.cachedGets ?? [];
  if (roles.length > 0) {
    const widget = readExamples().find((e) => e.file.startsWith("04-"));
    if (!widget) throw new Error("load mix: graph/examples/04-* (the widget query) is missing");
    let next = 0;
    const get: autocannon.Request = {
      method: "GET",
      path: "/graphql",
      headers: { "apollo-require-preflight": "true" },
      setupRequest: (request) => {
        const i = next++;
        const variables = { id: roles[i % roles.length], limit: 1 + (Math.floor(i / roles.length) % 3) };
        const search = new URLSearchParams({ query: widget.query, variables: JSON.stringify(variables) });
        return { ...request, path: `/graphql?${search.toString()}` };
      },
      onResponse: (status: number, body: string, _context: unknown, headers?: Record<string, unknown>) => {
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        tally.checked++;
        cachedGets.answered++;
        if (Object.keys(headers ?? {}).some((h) => h.toLowerCase() === "age")) cachedGets.hits++;
        if (body.includes('"errors"')) {
          tally.withErrors++;
          if (tally.samples.length < 5) tally.samples.push(`widget GET → ${status} ${body.slice(0, 300)}`);
        }
      },
    };
    // About a third of the rotation: enough for the cache to fill and then answer.
    for (let k = 0; k < Math.ceil(requests.length / 2); k++) requests.push(get);
  }
  const memoryBefore = process.memoryUsage();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: options.timeoutSeconds ?? 10,
    requests,
  });
  const memoryAfter = process.memoryUsage();
  return {
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    bodiesChecked: tally.checked,
    bodiesWithErrors: tally.withErrors,
    bodiesWithLeaks: tally.withLeaks,
    refusedAsExpected: tally.refused,
    notRefused: tally.notRefused,
    badSamples: tally.samples,
    cachedGets,
    memoryBefore,
    memoryAfter,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The report as a Markdown table. */
export function reportTable(
  report: LoadReport,
  title: string,
  extraRows: [string, string][] = [],
  /** Whose memory `process.memoryUsage()` measured: this process's (the load generator's, when the service runs apart). */
  memoryOf = "this process",
): string {
  const rows: [string, string][] = [
    ["requests", String(report.requests)],
    ["duration", `${report.durationSeconds} s`],
    ["req/s (mean)", report.requestsPerSecond.toFixed(1)],
    ["latency p50", `${report.latencyP50Ms} ms`],
    ["latency p99", `${report.latencyP99Ms} ms`],
    ["latency max", `${report.latencyMaxMs} ms`],
    ["non-2xx", String(report.non2xx)],
    ["errors (connection)", String(report.errors)],
    ["timeouts", String(report.timeouts)],
    [
      "status codes",
      Object.entries(report.statusCounts)
        .map(([s, n]) => `${s}×${n}`)
        .join(", ") || "none",
    ],
    [
      "bodies checked / with `errors` / with leaks",
      `${report.bodiesChecked} / ${report.bodiesWithErrors} / ${report.bodiesWithLeaks}`,
    ],
    [
      "5xx",
      String(
        Object.entries(report.statusCounts)
          .filter(([s]) => Number(s) >= 500)
          .reduce((a, [, n]) => a + n, 0),
      ),
    ],
    [
      "adversarial: refused with a coded 4xx / not refused",
      `${report.refusedAsExpected} / ${report.notRefused}`,
    ],
    [`RSS of ${memoryOf} before → after`, `${mb(report.memoryBefore.rss)} → ${mb(report.memoryAfter.rss)}`],
    [
      `heap used of ${memoryOf} before → after`,
      `${mb(report.memoryBefore.heapUsed)} → ${mb(report.memoryAfter.heapUsed)}`,
    ],
    ...extraRows,
  ];
  return [
    `### ${title}`,
    "",
    "| measure | value |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join("\n");
}

/** True when the run had no failure of any kind. */
export function isClean(report: LoadReport): boolean {
  return (
    report.requests > 0 &&
    // The adversarial requests' 4xx are expected; anything else outside 2xx is not.
    report.non2xx === report.refusedAsExpected &&
    report.notRefused === 0 &&
    report.errors === 0 &&
    report.timeouts === 0 &&
    report.bodiesWithErrors === 0 &&
    report.bodiesWithLeaks === 0
  );
}
