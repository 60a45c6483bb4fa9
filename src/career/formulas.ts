/**
 * The career model's formulas, defined once: the seed step (src/seed/career/), the related-roles
 * Cypher (graph/queries/career.cypher, which receives the weights as parameters), the evaluation
 * (`npm run eval`) and the documentation (the schema descriptions and docs/career-model.md, which a
 * test compares with `describeFormulas()`) all read them from here.
 *
 * A pure module: no database, no file system.
 */

/**
 * Numeric level of each seniority, lowest first; a move's level step is the difference. Four rungs
 * follow ISCO-08's major groups: associate professionals and clerks (groups 3-4) 1, professionals
 * (2) 2, managers (sub-major groups 12-14) 3, chief executives and senior officials (11) 4.
 * Supervisors and directors are half rungs: a first-line supervisor is between a professional and
 * a manager, and a director, whom ISCO-08 files with the managers, is a senior manager between a
 * manager and an executive. So a professional becomes a manager in one step and, as the article
 * has it, a manager an executive in one step.
 */
export const SENIORITY_LEVELS = {
  ASSOCIATE: 1,
  PROFESSIONAL: 2,
  SUPERVISOR: 2.5,
  MANAGER: 3,
  DIRECTOR: 3.5,
  EXECUTIVE: 4,
} as const;
export type Seniority = keyof typeof SENIORITY_LEVELS;
export const SENIORITIES = Object.keys(SENIORITY_LEVELS) as Seniority[];

export type Evidence = "ARTICLE" | "CURATED" | "REFERENCE" | "DERIVED";

// ---------------------------------------------------------------------------------------------
// Related roles
// ---------------------------------------------------------------------------------------------

/** Weights of Role.relatedRoles: score = Σ weight × component, each component in 0..1. */
export const RELATED_WEIGHTS = { skills: 0.5, tools: 0.2, sectors: 0.1, link: 0.2 } as const;

/**
 * The link component of a pair: the highest `confidence` of the links a source states between the
 * two roles (RELATED_TO, or PROGRESSES_TO whose evidence is not DERIVED), either direction; 0 when
 * there is none. A derived progression is not a link: it was derived from the skills the score
 * already counts. A link without a confidence (written by something other than the seed step, such
 * as the synthetic benchmark generator) counts as 1.
 */
export const LINK_WITHOUT_CONFIDENCE = 1;

export interface RelatedComponents {
  skills: number;
  tools: number;
  sectors: number;
  link: number;
}

export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** |A ∩ B| / |A ∪ B| from the sizes; 0 when both are empty. */
export const jaccardOfSizes = (shared: number, a: number, b: number): number =>
  a + b - shared === 0 ? 0 : shared / (a + b - shared);

/**
 * Tools and sectors count in proportion to the skills two roles share, in full from a skills
 * Jaccard index of CONTENT_GATE: contentGate = min(1, skills / CONTENT_GATE). Many roles take their
 * tools from one O*NET occupation and their sectors from one ISCO group, so two roles that share
 * no skill can share every tool and sector (a logistics director and a film distributor both map
 * to Transportation, Storage, and Distribution Managers); that says nothing about the roles. The
 * value was chosen with `npm run eval` (docs/career-model.md, "Evaluation").
 */
export const CONTENT_GATE = 0.05;

/** The share of the tools and sectors terms that counts, 0..1, from the skills Jaccard index. */
export const contentGate = (skills: number): number => (skills >= CONTENT_GATE ? 1 : skills / CONTENT_GATE);

/** The related-roles score, rounded to 4 decimals, in the same order of operations as the Cypher. */
export function relatedScore(c: RelatedComponents): number {
  const gate = contentGate(c.skills);
  return round4(
    RELATED_WEIGHTS.skills * c.skills +
      gate * (RELATED_WEIGHTS.tools * c.tools + RELATED_WEIGHTS.sectors * c.sectors) +
      RELATED_WEIGHTS.link * c.link,
  );
}

// ---------------------------------------------------------------------------------------------
// Transitions (PROGRESSES_TO)
// ---------------------------------------------------------------------------------------------

/** Base confidence of a move by what states it, in decreasing trust. */
export const BASE_CONFIDENCE = {
  ARTICLE: 0.9,
  CURATED: 0.8,
  /** O*NET related occupations, by relatedness tier, less RANK_DECAY per rank below the first. */
  onetTier: { "Primary-Short": 0.7, "Primary-Long": 0.6, Supplemental: 0.5 } as Record<string, number>,
  /** ROME mobility edges and ESCO's occupation hierarchy. */
  otherReference: 0.55,
  /** The skills-feasibility rule: FEASIBILITY_SCALE × similarity, at most FEASIBILITY_CAP. */
  feasibilityScale: 1,
  feasibilityCap: 0.5,
} as const;

/** Confidence lost per O*NET rank below the first (rank 1 = closest), down to RANK_FLOOR of the tier. */
export const RANK_DECAY = 0.01;
export const RANK_FLOOR = 0.8;

/**
 * Skill similarity of two roles, 0..1: the mean of the Jaccard index of their required skills and
 * the Jaccard index of those skills' ESCO skill groups. The groups count skills that are alike but
 * not identical (Nesta's measure compares skill descriptions for the same reason); the skills
 * themselves keep two roles that merely work in the same broad areas apart.
 */
export const skillSimilarity = (skillsJaccard: number, groupsJaccard: number): number =>
  (skillsJaccard + groupsJaccard) / 2;

/**
 * The skills-feasibility rule, after Nesta's Mapping Career Causeways (Kanders et al., 2020): a move
 * is feasible when the two roles' skills are similar enough (skillSimilarity ≥ minSimilarity),
 * the level goes up by at most one step (0 or 1), and, where both wages are known in one currency,
 * the target's median wage is at least MIN_WAGE_RATIO of the origin's (Nesta's "no large pay cut":
 * 75 %). Each role keeps at most `maxPerRole` lateral and `maxPerRole` upward such moves, the most similar first.
 */
export const FEASIBILITY = {
  minSimilarity: 0.2,
  maxLevelStep: 1,
  minWageRatio: 0.75,
  maxPerRole: 5,
} as const;

/**
 * A move a reference data set states (O*NET related occupations, ROME mobility) is kept when it
 * climbs at most this many levels: a longer climb is a shortcut, not a move.
 */
export const MAX_REFERENCE_STEP = 1.5;

/** Factor applied to a stated move's confidence by its level step (how far up it goes). */
export function levelStepFactor(step: number): number {
  if (step <= 1) return 1;
  if (step <= 2) return 0.75;
  return 0.5;
}

/** Factor applied to a stated move's confidence when the target pays much less. */
export function wageFactor(ratio: number | null): number {
  return ratio !== null && ratio < FEASIBILITY.minWageRatio ? 0.6 : 1;
}

export interface ConfidenceInput {
  evidence: Evidence;
  /** For REFERENCE: which data set states it. */
  source?: string;
  /** O*NET relatedness tier and rank, for O*NET related occupations. */
  tier?: string | null;
  rank?: number | null;
  /** Skills Jaccard of the two roles (used by the feasibility rule's base). */
  similarity: number;
  levelStep: number;
  wageRatio: number | null;
}

export function baseConfidence(input: ConfidenceInput): number {
  switch (input.evidence) {
    case "ARTICLE":
      return BASE_CONFIDENCE.ARTICLE;
    case "CURATED":
      return BASE_CONFIDENCE.CURATED;
    case "REFERENCE": {
      if (input.tier) {
        const tier = BASE_CONFIDENCE.onetTier[input.tier] ?? BASE_CONFIDENCE.onetTier.Supplemental ?? 0.5;
        const rank = Math.max(1, input.rank ?? 1);
        return tier * Math.max(RANK_FLOOR, 1 - RANK_DECAY * (rank - 1));
      }
      return BASE_CONFIDENCE.otherReference;
    }
    case "DERIVED":
      return Math.min(BASE_CONFIDENCE.feasibilityCap, BASE_CONFIDENCE.feasibilityScale * input.similarity);
  }
}

/** confidence = base × levelStepFactor(levelStep) × wageFactor(wageRatio), rounded to 4 decimals. */
export function moveConfidence(input: ConfidenceInput): { base: number; confidence: number } {
  const base = round4(baseConfidence(input));
  return {
    base,
    confidence: round4(base * levelStepFactor(input.levelStep) * wageFactor(input.wageRatio)),
  };
}

/** ADVANCEMENT when the level goes up, LATERAL otherwise (a stated move to a lower level stays LATERAL). */
export const moveKind = (levelStep: number): "ADVANCEMENT" | "LATERAL" =>
  levelStep > 0 ? "ADVANCEMENT" : "LATERAL";

/**
 * Years of related work experience of each O*NET "Related Work Experience" (RW) category, taken
 * as the category's upper bound (category 11, "over 10 years", as 10). The typical years of a move
 * into a role is the value of the median category of the role's O*NET code.
 */
export const RW_CATEGORY_YEARS: Record<number, number> = {
  1: 0,
  2: 1 / 12,
  3: 0.25,
  4: 0.5,
  5: 1,
  6: 2,
  7: 4,
  8: 6,
  9: 8,
  10: 10,
  11: 10,
};

/** A path's likelihood: the product of its moves' confidences (a move without one counts as 0.5). */
export const pathConfidence = (confidences: readonly (number | null)[]): number =>
  round4(confidences.reduce<number>((p, c) => p * (c ?? 0.5), 1));

/** The formulas in words, for the documentation (a test checks the docs quote this text). */
export function describeFormulas(): string[] {
  const w = RELATED_WEIGHTS;
  const t = BASE_CONFIDENCE.onetTier;
  return [
    `score = ${w.skills} × skills + contentGate × (${w.tools} × tools + ${w.sectors} × sectors) + ${w.link} × link`,
    `contentGate = min(1, skills / ${CONTENT_GATE})`,
    `confidence = base × levelStepFactor × wageFactor`,
    `ARTICLE ${BASE_CONFIDENCE.ARTICLE}, CURATED ${BASE_CONFIDENCE.CURATED}, O*NET Primary-Short ${t["Primary-Short"]}, Primary-Long ${t["Primary-Long"]}, Supplemental ${t.Supplemental} (× max(${RANK_FLOOR}, 1 − ${RANK_DECAY} × (rank − 1))), ROME mobility and ESCO hierarchy ${BASE_CONFIDENCE.otherReference}, DERIVED min(${BASE_CONFIDENCE.feasibilityCap}, similarity)`,
    `levelStepFactor: 1 for a step ≤ 1, 0.75 up to 2, 0.5 above; wageFactor: 0.6 when the wage ratio is below ${FEASIBILITY.minWageRatio}, else 1`,
    `feasible: similarity ≥ ${FEASIBILITY.minSimilarity}, level step from 0 to ${FEASIBILITY.maxLevelStep}, wage ratio ≥ ${FEASIBILITY.minWageRatio} where known, at most ${FEASIBILITY.maxPerRole} lateral and ${FEASIBILITY.maxPerRole} upward moves per role`,
  ];
}
