/**
 * The pure maths of the benchmark: percentiles, spreads of ratios across rounds, and how an
 * operation's cost grows with the graph. Kept free of I/O so tests/unit/bench-stats.test.ts can
 * check it without a database.
 */

/** The p-th percentile (0..100) of `values`, by linear interpolation between closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile: p must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Where a series of per-round figures sits: its median, extremes and interquartile range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0)
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN, q1: Number.NaN, q3: Number.NaN, n: 0 };
  return {
    median: median(finite),
    min: Math.min(...finite),
    max: Math.max(...finite),
    q1: percentile(finite, 25),
    q3: percentile(finite, 75),
    n: finite.length,
  };
}

/**
 * Ratios of paired rounds (numerator[i] / denominator[i]). Rounds are paired because L2 and L3
 * alternate (A B A B …): a pair shares the machine's state at that moment, so a ratio per pair
 * cancels much of the drift that a ratio of two overall medians would keep.
 */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): number[] {
  const n = Math.min(numerator.length, denominator.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = denominator[i] as number;
    ratios.push(d === 0 ? Number.NaN : (numerator[i] as number) / d);
  }
  return ratios;
}

export type Growth = "flat" | "sublinear" | "linear" | "superlinear" | "n/a";

/**
 * The exponent k of cost ∝ size^k between two scales: log(cost ratio) / log(size ratio).
 * k ≈ 0 is flat (an index lookup), k ≈ 1 linear, k > 1 worse than linear.
 */
export function growthExponent(
  costSmall: number,
  costLarge: number,
  sizeSmall: number,
  sizeLarge: number,
): number {
  if (!(costSmall > 0 && costLarge > 0 && sizeSmall > 0 && sizeLarge > sizeSmall)) return Number.NaN;
  return Math.log(costLarge / costSmall) / Math.log(sizeLarge / sizeSmall);
}

/**
 * Names the exponent. The bands are wide on purpose: latencies of a few milliseconds carry a
 * fixed overhead (HTTP, Bolt, scheduling) that makes a truly linear query look sublinear until
 * its own cost dominates.
 */
export function classifyGrowth(exponent: number): Growth {
  if (!Number.isFinite(exponent)) return "n/a";
  if (exponent < 0.25) return "flat";
  if (exponent < 0.75) return "sublinear";
  if (exponent <= 1.25) return "linear";
  return "superlinear";
}

/**
 * Splits transactions into waves by their timing: a transaction that started after some
 * transaction of the current wave had finished may depend on its answer, so it opens a new
 * wave; transactions that all started before any of the wave ended were sent together (the
 * DataLoaders of one tick) and can be replayed concurrently. Returns indexes into `spans`.
 */
export function wavesOf(spans: readonly { start: number; end: number }[]): number[][] {
  const order = spans
    .map((_, i) => i)
    .sort((a, b) => (spans[a] as { start: number }).start - (spans[b] as { start: number }).start);
  const waves: number[][] = [];
  let current: number[] = [];
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const i of order) {
    const span = spans[i] as { start: number; end: number };
    if (current.length > 0 && span.start >= firstEnd) {
      waves.push(current);
      current = [];
      firstEnd = Number.POSITIVE_INFINITY;
    }
    current.push(i);
    firstEnd = Math.min(firstEnd, span.end);
  }
  if (current.length > 0) waves.push(current);
  return waves;
}

/** A figure for a table: fixed decimals, "n/a" for anything not measured. */
export function fmt(value: number | null | undefined, decimals = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "n/a" : value.toFixed(decimals);
}

/** "median (min–max)" of a spread of ratios. */
export function fmtSpread(s: Spread, decimals = 2): string {
  if (s.n === 0) return "n/a";
  return `${fmt(s.median, decimals)} (${fmt(s.min, decimals)}–${fmt(s.max, decimals)})`;
}

/** A Markdown table; cells are escaped for pipes. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (cell: string) => cell.replace(/\|/g, "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
