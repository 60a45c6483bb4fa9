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
import type { SkillOverlap } from "./api.js";

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export interface OverlapMatrix {
  /** Role ids in the order asked for (the API's `roles` order). */
  ids: string[];
  titles: string[];
  /** jaccard[i][j] for roles i and j; the diagonal is a role with itself. */
  jaccard: number[][];
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
  for (const pair of overlap.pairs) {
    const a = index.get(pair.a.id);
    const b = index.get(pair.b.id);
    const rowA = a === undefined ? undefined : jaccard[a];
    const rowB = b === undefined ? undefined : jaccard[b];
    if (a === undefined || b === undefined || !rowA || !rowB) continue;
    rowA[b] = pair.jaccard;
    rowB[a] = pair.jaccard;
  }
  return { ids, titles: overlap.roles.map((r) => r.title), jaccard };
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
  private readonly resize = () => this.chart?.resize();

  constructor(private readonly container: HTMLElement) {
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
    this.container.hidden = true;
  }

  show(overlap: SkillOverlap): OverlapMatrix {
    const matrix = toMatrix(overlap);
    const n = matrix.ids.length;
    this.container.hidden = false;
    // Room for the rotated titles under the grid and one readable row per role.
    this.container.style.height = `${Math.max(360, 220 + n * Math.max(18, 48 - n))}px`;
    this.chart?.dispose();
    const chart = echarts.init(this.container, undefined, { renderer: "canvas" });
    const data: [number, number, number][] = [];
    matrix.jaccard.forEach((row, i) => row.forEach((value, j) => data.push([j, i, value])));
    const labels = n <= 12;
    chart.setOption({
      animation: false,
      tooltip: {
        position: "top",
        formatter: (params: unknown) => {
          const value = (params as { value: [number, number, number] }).value;
          const [x, y, v] = value;
          return `${escapeHtml(matrix.titles[y] ?? "")} × ${escapeHtml(matrix.titles[x] ?? "")}<br>Jaccard: ${v.toFixed(4)}`;
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
        max: 1,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        text: ["1 (same skills)", "0 (none shared)"],
        inRange: { color: ["#f7fbff", "#9ecae1", "#2171b5", "#08306b"] },
      },
      series: [
        {
          name: "Jaccard",
          type: "heatmap",
          data,
          label: {
            show: labels,
            formatter: (p: unknown) => ((p as { value: number[] }).value[2] ?? 0).toFixed(2),
          },
          emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } },
        },
      ],
    });
    this.chart = chart;
    this.matrix = matrix;
    return matrix;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
