/**
 * `npm run eval`: how well the related-roles ranking recovers links it was not given, and how far
 * the career model reaches (docs/career-model.md, "Evaluation"). Needs no database: it reads the
 * seeds exactly as a load does (buildBatch) and ranks in memory with the formulas of
 * src/career/formulas.ts.
 *
 * Leave one source out: for each source of links (O*NET related occupations, ROME mobility, the
 * article's related jobs and moves), remove its links, rank every role's related roles with what
 * is left, and measure how high the removed partners come: recall@10 and MRR over every removed
 * pair, both directions. Pairs another source also links are not counted (the rest would "recover"
 * them by copying). Rankings compared: skills Jaccard only (the baseline), the content terms only
 * (skills, tools and sectors, gated as in the score), the combined score before the content gate,
 * and the combined score (with the links of the other sources).
 *
 *   npm run eval                    # writes bench/results/eval.md and eval.json
 *   npm run eval -- --legacy        # the formula before the career model: every link weighs 1
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  jaccardOfSizes,
  LINK_WITHOUT_CONFIDENCE,
  RELATED_WEIGHTS,
  relatedScore,
  round4,
} from "../../src/career/formulas.js";
import type { RelationshipRow } from "../../src/seed/graph-batch.js";
import { buildBatch, DEFAULT_SEEDS_DIR } from "../../src/seed/pipeline.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/", import.meta.url));
const TARGETS = ["chief-operating-officer", "chief-executive-officer"];
const HELD_OUT = {
  "O*NET related occupations": (r: Link) => r.source === "onet-29.2",
  "ROME mobility": (r: Link) => r.source === "rome-v460",
  "the article's related jobs and moves": (r: Link) => r.source === "article" || r.source === "curated",
} as const;

interface Link {
  a: string;
  b: string;
  source: string;
  evidence: string | null;
  confidence: number | null;
}

const { values: options } = parseArgs({
  options: { legacy: { type: "boolean", default: false }, out: { type: "string" } },
});

const batch = await buildBatch(DEFAULT_SEEDS_DIR);
const roles = [...(batch.nodes.get("Role")?.keys() ?? [])].sort();
const setsOf = (type: string, label: string) => {
  const map = new Map<string, Set<string>>(roles.map((r) => [r, new Set<string>()]));
  for (const row of batch.relationships.get(`Role-${type}->${label}` as never)?.values() ?? [])
    map.get(row.from)?.add(row.to);
  return map;
};
const skills = setsOf("REQUIRES_SKILL", "Skill");
const tools = setsOf("USES_TOOL", "Tool");
const sectors = setsOf("WORKS_IN", "Sector");
const rows = (type: string): RelationshipRow[] => [
  ...(batch.relationships.get(`Role-${type}->Role` as never)?.values() ?? []),
];
const links: Link[] = [...rows("RELATED_TO"), ...rows("PROGRESSES_TO")].map((r) => ({
  a: r.from,
  b: r.to,
  source: String(r.props.source),
  evidence: typeof r.props.evidence === "string" ? r.props.evidence : null,
  confidence: typeof r.props.confidence === "number" ? r.props.confidence : null,
}));
/** The links the score counts: all of them in the legacy formula; not the derived moves now. */
const counted = (l: Link) => options.legacy || l.evidence !== "DERIVED";
const weightOf = (l: Link) => (options.legacy ? 1 : (l.confidence ?? LINK_WITHOUT_CONFIDENCE));

const shared = (a: Set<string>, b: Set<string>) => {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
};
const j = (m: Map<string, Set<string>>, a: string, b: string) => {
  const x = m.get(a) as Set<string>;
  const y = m.get(b) as Set<string>;
  return jaccardOfSizes(shared(x, y), x.size, y.size);
};
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

type Ranker = (query: string, linkWeights: Map<string, number>) => Map<string, number>;
const rankers: Record<string, Ranker> = {
  "skills Jaccard (baseline)": (q) => new Map(roles.map((c) => [c, j(skills, q, c)])),
  "skills + tools + sectors": (q) =>
    new Map(
      roles.map((c) => [
        c,
        relatedScore({ skills: j(skills, q, c), tools: j(tools, q, c), sectors: j(sectors, q, c), link: 0 }),
      ]),
    ),
  "combined, tools and sectors not gated (before)": (q, w) =>
    new Map(
      roles.map((c) => [
        c,
        round4(
          RELATED_WEIGHTS.skills * j(skills, q, c) +
            RELATED_WEIGHTS.tools * j(tools, q, c) +
            RELATED_WEIGHTS.sectors * j(sectors, q, c) +
            RELATED_WEIGHTS.link * (w.get(pairKey(q, c)) ?? 0),
        ),
      ]),
    ),
  "combined (with the other sources' links)": (q, w) =>
    new Map(
      roles.map((c) => [
        c,
        relatedScore({
          skills: j(skills, q, c),
          tools: j(tools, q, c),
          sectors: j(sectors, q, c),
          link: w.get(pairKey(q, c)) ?? 0,
        }),
      ]),
    ),
};

/** Rank of `target` among every role but `query`, best score first, ties by id (1 = first). */
function rankOf(scores: Map<string, number>, query: string, target: string): number {
  const t = scores.get(target) ?? 0;
  let rank = 1;
  for (const [c, s] of scores) {
    if (c === query || c === target) continue;
    if (s > t || (s === t && c < target)) rank++;
  }
  return rank;
}

const table: { heldOut: string; pairs: number; ranker: string; recallAt10: number; mrr: number }[] = [];
for (const [name, isHeld] of Object.entries(HELD_OUT)) {
  const rest = links.filter((l) => !isHeld(l) && counted(l));
  const restPairs = new Set(rest.map((l) => pairKey(l.a, l.b)));
  const held = [
    ...new Set(links.filter((l) => isHeld(l) && counted(l)).map((l) => pairKey(l.a, l.b))),
  ].filter((k) => !restPairs.has(k));
  const weights = new Map<string, number>();
  for (const l of rest) {
    const k = pairKey(l.a, l.b);
    weights.set(k, Math.max(weights.get(k) ?? 0, weightOf(l)));
  }
  const queries = held.flatMap((k) => {
    const [a, b] = k.split("\u0000") as [string, string];
    return [
      [a, b],
      [b, a],
    ] as const;
  });
  for (const [rankerName, ranker] of Object.entries(rankers)) {
    const cache = new Map<string, Map<string, number>>();
    let hits = 0;
    let reciprocal = 0;
    for (const [q, t] of queries) {
      let scores = cache.get(q);
      if (!scores) cache.set(q, (scores = ranker(q, weights)));
      const rank = rankOf(scores, q, t);
      if (rank <= 10) hits++;
      reciprocal += 1 / rank;
    }
    table.push({
      heldOut: name,
      pairs: held.length,
      ranker: rankerName,
      recallAt10: queries.length ? hits / queries.length : 0,
      mrr: queries.length ? reciprocal / queries.length : 0,
    });
  }
}

// Coverage of the career model.
const moves = rows("PROGRESSES_TO");
const out = new Map<string, string[]>();
for (const m of moves) out.set(m.from, [...(out.get(m.from) ?? []), m.to]);
const reaches = (from: string) => {
  let frontier = new Set([from]);
  if (TARGETS.includes(from)) return true;
  for (let step = 0; step < 4; step++) {
    const next = new Set<string>();
    for (const f of frontier) for (const n of out.get(f) ?? []) next.add(n);
    if ([...next].some((n) => TARGETS.includes(n))) return true;
    frontier = next;
  }
  return false;
};
const roleProps = (id: string) => batch.getNode("Role", id)?.props ?? {};
const withLevel = roles.filter((r) => roleProps(r).seniority != null).length;
const withMove = new Set(moves.flatMap((m) => [m.from, m.to]));
const reaching = roles.filter(reaches).length;
const downhill = moves.filter(
  (m) =>
    m.props.kind === "ADVANCEMENT" &&
    typeof roleProps(m.from).level === "number" &&
    (roleProps(m.to).level as number) < (roleProps(m.from).level as number),
).length;
const bySource = new Map<string, number>();
for (const m of moves) {
  const k = `${String(m.props.source)} ${String(m.props.evidence)} ${String(m.props.kind)}`;
  bySource.set(k, (bySource.get(k) ?? 0) + 1);
}
const coverage = {
  roles: roles.length,
  withLevel,
  withTransition: withMove.size,
  reachCooOrCeoWithin4: reaching,
  progressions: moves.length,
  downhillAdvancements: downhill,
  progressionsBySource: Object.fromEntries([...bySource].sort()),
};

// 20 derived moves drawn at random with a fixed seed (mulberry32), for a reader to judge.
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const derived = moves
  .filter((m) => m.props.evidence === "DERIVED")
  .sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
const random = mulberry32(11);
const sample: RelationshipRow[] = [];
const pool = [...derived];
while (sample.length < 20 && pool.length > 0)
  sample.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as RelationshipRow);

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
const md = [
  `# Career model evaluation${options.legacy ? " (legacy formula: every link weighs 1)" : ""}`,
  "",
  "## Leave one source out (recall@10, MRR)",
  "",
  "| Held-out source | Pairs | Ranking | Recall@10 | MRR |",
  "| --- | ---: | --- | ---: | ---: |",
  ...table.map(
    (r) => `| ${r.heldOut} | ${r.pairs} | ${r.ranker} | ${r.recallAt10.toFixed(3)} | ${r.mrr.toFixed(3)} |`,
  ),
  "",
  "## Coverage",
  "",
  `| Measure | Value |`,
  `| --- | ---: |`,
  `| Roles | ${coverage.roles} |`,
  `| With a known level | ${withLevel} (${pct(withLevel, roles.length)}) |`,
  `| With a transition in or out | ${withMove.size} (${pct(withMove.size, roles.length)}) |`,
  `| COO or CEO reachable within 4 steps | ${reaching} (${pct(reaching, roles.length)}) |`,
  `| Progressions | ${moves.length} |`,
  `| ADVANCEMENT to a lower level | ${downhill} |`,
  "",
  "Progressions by source, evidence and kind: " +
    [...bySource]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join("; ") +
    ".",
  "",
  "## 20 derived moves drawn at random (seed 11)",
  "",
  "| From | To | Similarity | Level step | Wage ratio | Confidence | Kind |",
  "| --- | --- | ---: | ---: | ---: | ---: | --- |",
  ...sample.map(
    (m) =>
      `| ${m.from} | ${m.to} | ${String(m.props.similarity ?? "")} | ${String(m.props.levelStep ?? "")} | ${m.props.wageRatio == null ? "" : `${String(m.props.wageRatio)} ${String(m.props.wageCurrency)}`} | ${String(m.props.confidence ?? "")} | ${String(m.props.kind)} |`,
  ),
  "",
].join("\n");

const name = options.out ?? (options.legacy ? "eval-legacy" : "eval");
mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, `${name}.md`), md);
writeFileSync(
  path.join(RESULTS, `${name}.json`),
  `${JSON.stringify({ legacy: options.legacy, table, coverage, sample: sample.map((m) => ({ from: m.from, to: m.to, ...m.props })) }, null, 2)}\n`,
);
process.stdout.write(md);
