import {
  FEASIBILITY,
  MAX_REFERENCE_STEP,
  moveConfidence,
  moveKind,
  round4,
  skillSimilarity,
  type Evidence,
} from "../../career/formulas.js";
import { pattern, type GraphBatch, type Position, type Props, type RelationshipRow } from "../graph-batch.js";
import type { Level } from "./levels.js";

const PROGRESSES_TO = pattern("Role", "PROGRESSES_TO", "Role");
const RELATED_TO = pattern("Role", "RELATED_TO", "Role");
const ONET = "onet-29.2";
const ROME = "rome-v460";
const ESCO = "esco-1.1.1";

/** A role's wage in one currency: the median of its salary bands' middles. */
export interface Wage {
  currency: string;
  amount: number;
}

export interface CareerFacts {
  levels: Map<string, Level>;
  skills: Map<string, Set<string>>;
  /** The ESCO skill groups of each role's required skills. */
  skillGroups: Map<string, Set<string>>;
  wages: Map<string, Wage[]>;
  /** Years of related work experience O*NET says a role needs (median RW category of its first code). */
  experienceYears: Map<string, number>;
  /** The article's experience bands of a role: years at which its most senior band starts. */
  seniorBandYears: Map<string, number>;
  /** ESCO's occupation hierarchy between two roles. */
  escoBroader: { narrower: string; broader: string; where: Position }[];
}

export const jaccard = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number => {
  if (!a || !b) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
};

/** The feasibility rule's skill similarity of two roles (src/career/formulas.ts: skillSimilarity). */
export const similarityOf = (facts: CareerFacts, a: string, b: string): number =>
  skillSimilarity(
    jaccard(facts.skills.get(a), facts.skills.get(b)),
    jaccard(facts.skillGroups.get(a), facts.skillGroups.get(b)),
  );

/** Target / origin wage in the first currency both roles have a wage in; never across currencies. */
export function wageRatio(
  from: readonly Wage[] | undefined,
  to: readonly Wage[] | undefined,
): { ratio: number; currency: string; change: number } | null {
  for (const f of from ?? []) {
    const t = (to ?? []).find((w) => w.currency === f.currency);
    if (t && f.amount > 0)
      return { ratio: round4(t.amount / f.amount), currency: f.currency, change: t.amount - f.amount };
  }
  return null;
}

interface Move {
  from: string;
  to: string;
  evidence: Evidence;
  source: string;
  note: string | null;
  typicalYears: number | null;
  tier?: string | null;
  rank?: number | null;
  where: Position;
}

/** Every property a PROGRESSES_TO edge stores, its components included. */
function moveProps(move: Move, facts: CareerFacts): Props {
  const levelFrom = facts.levels.get(move.from)?.level ?? null;
  const levelTo = facts.levels.get(move.to)?.level ?? null;
  const levelStep = levelFrom !== null && levelTo !== null ? levelTo - levelFrom : 0;
  const similarity = round4(similarityOf(facts, move.from, move.to));
  const wage = wageRatio(facts.wages.get(move.from), facts.wages.get(move.to));
  const { base, confidence } = moveConfidence({
    evidence: move.evidence,
    source: move.source,
    tier: move.tier ?? null,
    rank: move.rank ?? null,
    similarity,
    levelStep,
    wageRatio: wage?.ratio ?? null,
  });
  let typicalYears = move.typicalYears;
  let typicalYearsSource: string | null = typicalYears === null ? null : move.source;
  if (typicalYears === null && facts.seniorBandYears.has(move.from)) {
    typicalYears = facts.seniorBandYears.get(move.from) ?? null;
    typicalYearsSource = "article";
  }
  if (typicalYears === null && facts.experienceYears.has(move.to)) {
    typicalYears = facts.experienceYears.get(move.to) ?? null;
    typicalYearsSource = ONET;
  }
  return {
    kind: moveKind(levelStep),
    evidence: move.evidence,
    source: move.source,
    note: move.note,
    typicalYears,
    typicalYearsSource,
    confidence,
    confidenceBase: base,
    similarity,
    levelStep,
    wageRatio: wage?.ratio ?? null,
    wageChange: wage?.change ?? null,
    wageCurrency: wage?.currency ?? null,
    onetTier: move.tier ?? null,
    onetRank: move.rank ?? null,
  };
}

export interface TransitionStats {
  stated: number;
  onet: number;
  onetFlipped: number;
  romeDropped: number;
  referenceTooSteep: number;
  esco: number;
  feasible: number;
}

/**
 * Rebuilds every PROGRESSES_TO edge of the batch from its sources, typed and scored:
 * the article's and curated rows (kept, retyped by level), O*NET related occupations (from the
 * lower level to the higher; both ways at one level), ROME mobility edges (dropped when they go
 * down), then the skills-feasibility rule. Also scores every RELATED_TO edge (its link confidence).
 */
export function deriveTransitions(batch: GraphBatch, facts: CareerFacts): TransitionStats {
  const stats: TransitionStats = {
    stated: 0,
    onet: 0,
    onetFlipped: 0,
    romeDropped: 0,
    referenceTooSteep: 0,
    esco: 0,
    feasible: 0,
  };
  const existing = [...(batch.relationships.get(PROGRESSES_TO)?.values() ?? [])];
  const moves = new Map<string, Move>();
  const key = (from: string, to: string) => `${from}\u0000${to}`;
  const level = (id: string) => facts.levels.get(id)?.level ?? 0;
  const keep = (move: Move) => {
    const k = key(move.from, move.to);
    if (!moves.has(k)) moves.set(k, move);
  };

  // 1. What the article and the curated rows state; ROME mobility (dropped when it goes down or
  //    climbs more than MAX_REFERENCE_STEP levels). Anything else stated in the seeds is kept.
  for (const row of existing) {
    const evidence = row.props.evidence as Evidence;
    if (row.props.source === ROME) {
      const step = level(row.to) - level(row.from);
      if (step < 0) {
        stats.romeDropped++;
        continue;
      }
      if (step > MAX_REFERENCE_STEP) {
        stats.referenceTooSteep++;
        continue;
      }
      keep(fromRow(row, "REFERENCE"));
      continue;
    }
    if (row.props.source === ONET) continue; // rebuilt from RELATED_TO below
    stats.stated++;
    keep(fromRow(row, evidence));
  }

  // 2. O*NET related occupations, from the lower level to the higher (both ways at one level).
  const related = [...(batch.relationships.get(RELATED_TO)?.values() ?? [])];
  for (const row of related) {
    if (row.props.source !== ONET) continue;
    const step = level(row.to) - level(row.from);
    const [from, to] = step >= 0 ? [row.from, row.to] : [row.to, row.from];
    if (Math.abs(step) > MAX_REFERENCE_STEP) {
      stats.referenceTooSteep++;
      continue;
    }
    if (step < 0) stats.onetFlipped++;
    const tier = String(row.props.tier);
    const rank = Number(row.props.rank);
    const move: Move = {
      from,
      to,
      evidence: "REFERENCE",
      source: ONET,
      note: `O*NET lists the occupations of these roles as related (${tier}, rank ${rank})${step < 0 ? "; the move runs from the lower level to the higher" : ""}`,
      typicalYears: null,
      tier,
      rank,
      where: row.where,
    };
    const k = key(from, to);
    const current = moves.get(k);
    if (!current) {
      moves.set(k, move);
      stats.onet++;
    } else if (current.source === ONET && (current.rank ?? 99) > rank) {
      moves.set(k, move);
    }
  }

  // 3. ESCO's hierarchy: a specialised occupation and its broader one, both ways at one level,
  //    else from the lower level to the higher.
  for (const h of facts.escoBroader) {
    const step = level(h.broader) - level(h.narrower);
    if (Math.abs(step) > MAX_REFERENCE_STEP) {
      stats.referenceTooSteep++;
      continue;
    }
    const pairs =
      step === 0
        ? [
            [h.narrower, h.broader],
            [h.broader, h.narrower],
          ]
        : step > 0
          ? [[h.narrower, h.broader]]
          : [[h.broader, h.narrower]];
    for (const [from, to] of pairs as [string, string][]) {
      if (moves.has(key(from, to))) continue;
      keep({
        from,
        to,
        evidence: "REFERENCE",
        source: ESCO,
        note: `ESCO lists ${h.narrower} as a narrower occupation of ${h.broader}`,
        typicalYears: null,
        where: h.where,
      });
      stats.esco++;
    }
  }

  // 4. The skills-feasibility rule, for the pairs no source links.
  const ids = [...facts.levels.keys()].sort();
  for (const from of ids) {
    const candidates: { to: string; similarity: number }[] = [];
    for (const to of ids) {
      if (to === from || moves.has(key(from, to))) continue;
      const step = level(to) - level(from);
      if (step < 0 || step > FEASIBILITY.maxLevelStep) continue;
      const similarity = similarityOf(facts, from, to);
      if (similarity < FEASIBILITY.minSimilarity) continue;
      const wage = wageRatio(facts.wages.get(from), facts.wages.get(to));
      if (wage && wage.ratio < FEASIBILITY.minWageRatio) continue;
      candidates.push({ to, similarity });
    }
    candidates.sort((a, b) => b.similarity - a.similarity || (a.to < b.to ? -1 : 1));
    // The most similar moves of each kind: advancements would otherwise be crowded out by the
    // (more similar) roles of the same level.
    const kept = [
      ...candidates.filter((c) => level(c.to) === level(from)).slice(0, FEASIBILITY.maxPerRole),
      ...candidates.filter((c) => level(c.to) > level(from)).slice(0, FEASIBILITY.maxPerRole),
    ];
    for (const c of kept) {
      const fromRole = batch.getNode("Role", from);
      keep({
        from,
        to: c.to,
        evidence: "DERIVED",
        source: "derived",
        note: `Skills-feasibility rule: skill similarity ${round4(c.similarity)} ≥ ${FEASIBILITY.minSimilarity}, level step ${level(c.to) - level(from)}`,
        typicalYears: null,
        where: fromRole?.where ?? { file: "career", line: 1, column: 1 },
      });
      stats.feasible++;
    }
  }

  const rows = new Map<string, RelationshipRow>();
  for (const [k, move] of moves) {
    rows.set(k, { from: move.from, to: move.to, props: moveProps(move, facts), where: move.where });
  }
  batch.relationships.set(PROGRESSES_TO, rows);

  // Link confidence of RELATED_TO edges, for the related-roles score.
  for (const row of related) {
    const evidence: Evidence =
      row.props.source === "article" ? "ARTICLE" : row.props.source === "curated" ? "CURATED" : "REFERENCE";
    const { confidence } = moveConfidence({
      evidence,
      source: String(row.props.source),
      tier: typeof row.props.tier === "string" ? row.props.tier : null,
      rank: typeof row.props.rank === "number" ? row.props.rank : null,
      similarity: 0,
      levelStep: 0,
      wageRatio: null,
    });
    row.props = { ...row.props, evidence, confidence };
  }
  return stats;
}

function fromRow(row: RelationshipRow, evidence: Evidence): Move {
  return {
    from: row.from,
    to: row.to,
    evidence,
    source: String(row.props.source),
    note: typeof row.props.note === "string" ? row.props.note : null,
    typicalYears: typeof row.props.typicalYears === "number" ? row.props.typicalYears : null,
    where: row.where,
  };
}
