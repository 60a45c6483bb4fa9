/**
 * The thresholds and weights that decide how far a role trusts each of its links to O*NET.
 * They live here, in one place, and docs/career-model.md ("Links and provenance") explains them.
 */

/** How a role was joined to an O*NET-SOC code. */
export type OnetMappingMethod = "CURATED" | "CROSSWALK" | "EXACT_TITLE" | "ALTERNATE_TITLE";

/** Confidence (0..1) of a mapping chosen by the project in mappings.yaml. */
export const CURATED_CONFIDENCE = 1;

/**
 * Nesta's crosswalk rates each match 0.5, 1 or 2 (highest); the mapping's confidence is that
 * rating divided by 2 (0.25, 0.5 or 1).
 */
export const NESTA_MAX_CONFIDENCE = 2;

/**
 * A crosswalk code that Nesta reaches from occupations of two or more ISCO-08 unit groups is a
 * broad fallback (every public official crosswalked to 11-1011 Chief Executives, the "Managers,
 * All Other" of 11-9199.00): its confidence is multiplied by this factor.
 */
export const BROAD_CROSSWALK_FACTOR = 0.5;

/**
 * Exact (case-insensitive) matches of a role's English labels with O*NET's alternate titles, kept
 * only when Nesta's crosswalk joins the same O*NET code to an occupation of the role's ISCO-08 unit
 * group: a match on the role's preferred label, then on one of its alternative labels. A title match
 * to a broad fallback code is multiplied by BROAD_CROSSWALK_FACTOR too ("police commissioner" is an
 * O*NET alternate title of 11-1011 Chief Executives).
 */
export const EXACT_TITLE_CONFIDENCE = 0.5;
export const ALTERNATE_TITLE_CONFIDENCE = 0.4;

/**
 * The threshold: a role takes the O*NET technology skills (tools) of its first O*NET code only when
 * that mapping's confidence is at least this. Below it, the code stays on the role (with its method
 * and confidence) but hands it no tools, so that roles do not look alike through a shared fallback.
 */
export const ONET_TOOLS_MIN_CONFIDENCE = 0.5;
