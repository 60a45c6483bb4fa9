/**
 * Skill overlap of a set of roles: an ECharts heatmap of the pairwise Jaccard indices from
 * `skillOverlap`, and the same matrix as a CSV file. Only the ECharts parts used here are
 * registered, which keeps the bundle far smaller than the full build.
 */
import { stringify } from "csv-stringify/browser/esm/sync";
import { HeatmapChart } from "echarts/charts";
import { GridComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { displayTitle } from "../../shared/display-title.js";
import type { SkillOverlap } from "./api.js";
import { formatScore, h } from "./dom.js";

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export interface OverlapMatrix {
  /** Role ids in the order asked for (the API's `roles` order). */
  ids: string[];
  titles: string[];
  /** jaccard[i][j] for roles i and j; the diagonal is a role with itself. */
  jaccard: number[][];
  /** shared[i][j]: skills both require; the diagonal is the role's own number of required skills. */
  shared: number[][];
}

/** One unordered pair of the set, for the ranked list. */
export interface RankedPair {
  a: number;
  b: number;
  jaccard: number;
  shared: number;
  /** Skills either role requires: |A| + |B| - shared. */
  union: number;
}

/**
 * The full square matrix from the API's unordered pairs. A role with itself is 1, or 0 when the
 * role has no required skills: the API's own rule, "0 when both have none".
 */
export function toMatrix(overlap: SkillOverlap): OverlapMatrix {
  const ids = overlap.roles.map((r) => r.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const jaccard = overlap.roles.map((row, i) =>
    overlap.roles.map((_, j) => (i === j ? (row.skillsConnection.totalCount > 0 ? 1 : 0) : Number.NaN)),
  );
  const shared = overlap.roles.map((row, i) =>
    overlap.roles.map((_, j) => (i === j ? row.skillsConnection.totalCount : 0)),
  );
  for (const pair of overlap.pairs) {
    const a = index.get(pair.a.id);
    const b = index.get(pair.b.id);
    const rowA = a === undefined ? undefined : jaccard[a];
    const rowB = b === undefined ? undefined : jaccard[b];
    if (a === undefined || b === undefined || !rowA || !rowB) continue;
    rowA[b] = pair.jaccard;
    rowB[a] = pair.jaccard;
    const sharedA = shared[a];
    const sharedB = shared[b];
    if (sharedA) sharedA[b] = pair.sharedCount;
    if (sharedB) sharedB[a] = pair.sharedCount;
  }
  return { ids, titles: overlap.roles.map((r) => displayTitle(r.title)), jaccard, shared };
}

/** Every unordered pair, most alike first (ties by the order of the set). */
export function rankedPairs(matrix: OverlapMatrix): RankedPair[] {
  const pairs: RankedPair[] = [];
  const own = (i: number) => matrix.shared[i]?.[i] ?? 0;
  for (let a = 0; a < matrix.ids.length; a++)
    for (let b = a + 1; b < matrix.ids.length; b++) {
      const shared = matrix.shared[a]?.[b] ?? 0;
      pairs.push({ a, b, jaccard: matrix.jaccard[a]?.[b] ?? 0, shared, union: own(a) + own(b) - shared });
    }
  return pairs.sort((x, y) => y.jaccard - x.jaccard || x.a - y.a || x.b - y.b);
}

/** The sentence a cell or a pair says: how many skills shared, out of how many, and the index. */
export function pairSentence(pair: RankedPair): string {
  return `${pair.shared} shared skill${pair.shared === 1 ? "" : "s"} out of ${pair.union} required by either: Jaccard ${formatScore(pair.jaccard)}`;
}

/** Header row = role ids; then one row per role: its id, then its Jaccard index with each role. */
export function matrixCsv(matrix: OverlapMatrix): string {
  const rows: (string | number)[][] = [
    ["role_id", ...matrix.ids],
    ...matrix.ids.map((id, i) => [id, ...(matrix.jaccard[i] ?? [])]),
  ];
  return stringify(rows, { record_delimiter: "unix" });
}

export class OverlapView {
  private chart: echarts.ECharts | null = null;
  private matrix: OverlapMatrix | null = null;
  private last: SkillOverlap | null = null;
  /** Resized past the phone width, the view switches between the list alone and the matrix. */
  private readonly resize = () => {
    const wide = !window.matchMedia("(max-width: 599px)").matches;
    if (this.last && wide !== (this.chart !== null)) this.show(this.last);
    else this.chart?.resize();
  };

  constructor(
    private readonly container: HTMLElement,
    private readonly list: HTMLElement,
  ) {
    window.addEventListener("resize", this.resize);
  }

  get instance(): echarts.ECharts | null {
    return this.chart;
  }

  get current(): OverlapMatrix | null {
    return this.matrix;
  }

  clear(): void {
    this.chart?.dispose();
    this.chart = null;
    this.matrix = null;
    this.last = null;
    this.container.hidden = true;
    this.list.replaceChildren();
  }

  /** The pairs as a ranked list: what a phone shows instead of the matrix, and a text twin of it. */
  private showList(matrix: OverlapMatrix): void {
    const pairs = rankedPairs(matrix);
    this.list.replaceChildren(
      ...pairs.map((pair) => {
        const fill = h("span");
        fill.style.width = `${Math.round(pair.jaccard * 100)}%`;
        return h(
          "li",
          { "data-pair": `${matrix.ids[pair.a]}|${matrix.ids[pair.b]}` },
          h("div", { class: "pair-names" }, `${matrix.titles[pair.a]} × ${matrix.titles[pair.b]}`),
          h(
            "div",
            { class: "score" },
            h("span", { class: "bar", "aria-hidden": "true" }, fill),
            h("span", { class: "score-value" }, formatScore(pair.jaccard)),
          ),
          h("p", { class: "muted reasons" }, pairSentence(pair)),
        );
      }),
    );
  }

  show(overlap: SkillOverlap): OverlapMatrix {
    const matrix = toMatrix(overlap);
    const n = matrix.ids.length;
    this.last = overlap;
    this.matrix = matrix;
    this.showList(matrix);
    this.container.hidden = false;
    // Room for the rotated titles under the grid and one readable row per role.
    this.container.style.height = `${Math.max(360, 220 + n * Math.max(18, 48 - n))}px`;
    // Below 600 px a matrix of titles has no room for its cells: the ranked list stands in for it.
    if (window.matchMedia("(max-width: 599px)").matches) {
      this.chart?.dispose();
      this.chart = null;
      this.container.hidden = true;
      return matrix;
    }
    this.chart?.dispose();
    const chart = echarts.init(this.container, undefined, { renderer: "canvas" });
    const data: [number, number, number][] = [];
    matrix.jaccard.forEach((row, i) => row.forEach((value, j) => data.push([j, i, value])));
    const labels = n <= 12;
    // The scale spans the pairs only: the diagonal (a role with itself, 1) would squeeze every real
    // pair into the palest colours. Diagonal cells are drawn grey, outside the scale.
    const offDiagonal = data.filter(([x, y]) => x !== y).map(([, , v]) => v);
    const top = Math.max(0.01, ...offDiagonal);
    chart.setOption({
      animation: false,
      tooltip: {
        position: "top",
        formatter: (params: unknown) => {
          const value = (params as { value: [number, number, number] }).value;
          const [x, y, v] = value;
          const names = `${escapeHtml(matrix.titles[y] ?? "")} × ${escapeHtml(matrix.titles[x] ?? "")}`;
          if (x === y)
            return `${escapeHtml(matrix.titles[x] ?? "")}<br>${matrix.shared[x]?.[x] ?? 0} required skills (the same role: ${v})`;
          const shared = matrix.shared[y]?.[x] ?? 0;
          const union = (matrix.shared[x]?.[x] ?? 0) + (matrix.shared[y]?.[y] ?? 0) - shared;
          return `${names}<br>${escapeHtml(pairSentence({ a: y, b: x, jaccard: v, shared, union }))} (${v.toFixed(4)})`;
        },
      },
      grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
      xAxis: {
        type: "category",
        data: matrix.titles,
        splitArea: { show: true },
        // A few roles: titles wrap under their column; many: rotated and cut to fit.
        axisLabel:
          n <= 6
            ? { interval: 0, width: 140, overflow: "break", fontSize: 12, lineHeight: 15 }
            : { interval: 0, rotate: 35, width: 170, overflow: "truncate", fontSize: n > 20 ? 10 : 12 },
      },
      yAxis: {
        type: "category",
        data: matrix.titles,
        inverse: true,
        splitArea: { show: true },
        axisLabel: { interval: 0, width: 270, overflow: "truncate", fontSize: n > 20 ? 10 : 12 },
      },
      visualMap: {
        min: 0,
        max: top,
        dimension: 2,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        text: [`${formatScore(top)} (most alike pair)`, "0 (none shared)"],
        inRange: { color: ["#f7fbff", "#9ecae1", "#2171b5", "#08306b"] },
        // Only the pairs (series 0); the diagonal (series 1) keeps its own grey.
        seriesIndex: 0,
      },
      series: [
        {
          name: "Jaccard",
          type: "heatmap",
          data: data.filter(([x, y]) => x !== y),
          label: {
            show: labels,
            formatter: (p: unknown) => ((p as { value: number[] }).value[2] ?? 0).toFixed(2),
          },
          emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } },
        },
        {
          name: "Same role",
          type: "heatmap",
          data: data.filter(([x, y]) => x === y),
          itemStyle: { color: "#dfe3e8" },
          label: { show: labels, formatter: "—", color: "#44516a" },
          emphasis: { disabled: true },
        },
      ],
    });
    this.chart = chart;
    return matrix;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
