/**
 * The roles around one role: a star drawing (the role in the middle, cytoscape's concentric layout
 * puts the related roles around it, closer and bolder when the score is higher) and a ranked list
 * with each score and why: shared skills, tools and sectors.
 */
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import { displayTitle } from "../../shared/display-title.js";
import type { RelatedRole, RoleRef } from "./api.js";
import { formatScore, h, isNarrow } from "./dom.js";
import { keepLabelsReadable } from "./paths-view.js";

const RELATION_LABEL: Record<RelatedRole["relation"], string> = {
  PROGRESSION: "career move",
  RELATED: "related",
  SIMILAR: "similar skills",
};

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      width: 150,
      height: 46,
      "background-color": "#eef2f7",
      "border-width": 2,
      "border-color": "#5b6b82",
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "138px",
      "text-valign": "center",
      "text-halign": "center",
      "font-size": 12,
      "font-family": "system-ui, sans-serif",
      color: "#1d2633",
    },
  },
  {
    selector: "node.centre",
    style: {
      "background-color": "#dde7f7",
      "border-color": "#2456a6",
      "border-width": 3,
      "font-weight": "bold",
    },
  },
  {
    selector: "edge",
    style: {
      width: "mapData(score, 0, 1, 1, 9)",
      "curve-style": "straight",
      "line-color": "#9fb3d1",
      label: "data(scoreLabel)",
      "font-size": 11,
      "font-family": "system-ui, sans-serif",
      color: "#35435a",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": "2px",
    },
  },
  { selector: "edge.progression", style: { "line-color": "#2f7d4f" } },
  { selector: "edge.related", style: { "line-color": "#b0601a" } },
  { selector: "edge.narrow", style: { "font-size": 12, "curve-style": "bezier" } },
  { selector: "node.narrow", style: { width: 132, height: 48, "font-size": 13, "text-max-width": "122px" } },
];

/** On a phone a star of wide boxes shrinks its labels to nothing: the role on the left, its related roles in a column. */
function columnPositions(ids: readonly string[], centre: string): Record<string, { x: number; y: number }> {
  const step = 60;
  const positions: Record<string, { x: number; y: number }> = {
    [centre]: { x: 0, y: ((ids.length - 1) * step) / 2 },
  };
  ids.forEach((id, i) => (positions[id] = { x: 176, y: i * step }));
  return positions;
}

export class RelatedView {
  private cy: Core | null = null;

  constructor(
    private readonly canvas: HTMLElement,
    private readonly list: HTMLElement,
    private readonly onRole: (role: RoleRef) => void,
  ) {
    this.list.addEventListener("click", (event) => {
      const button = (event.target as HTMLElement).closest<HTMLElement>("button[data-role]");
      if (button?.dataset.role) this.onRole({ id: button.dataset.role, title: button.textContent ?? "" });
    });
  }

  get graph(): Core | null {
    return this.cy;
  }

  clear(): void {
    this.cy?.destroy();
    this.cy = null;
    this.list.replaceChildren();
    this.canvas.hidden = true;
  }

  show(centre: RoleRef, related: readonly RelatedRole[]): void {
    this.clear();
    this.canvas.hidden = false;
    const narrow = isNarrow(this.canvas);
    const extra = narrow ? " narrow" : "";
    if (narrow) this.canvas.style.height = `${Math.max(320, related.length * 60 + 40)}px`;
    else this.canvas.style.removeProperty("height");
    const elements: ElementDefinition[] = [
      {
        group: "nodes",
        data: { id: centre.id, label: displayTitle(centre.title), score: 2 },
        classes: `centre${extra}`,
      },
      ...related.flatMap((r): ElementDefinition[] => [
        {
          group: "nodes",
          data: { id: r.role.id, label: displayTitle(r.role.title), score: r.score },
          classes: extra.trim(),
        },
        {
          group: "edges",
          data: {
            id: `${centre.id}--${r.role.id}`,
            source: centre.id,
            target: r.role.id,
            score: r.score,
            scoreLabel: formatScore(r.score),
          },
          classes: `${r.relation.toLowerCase()}${extra}`,
        },
      ]),
    ];
    const cy = cytoscape({
      container: this.canvas,
      elements,
      style: STYLE,
      layout: narrow
        ? {
            name: "preset",
            positions: columnPositions(
              related.map((r) => r.role.id),
              centre.id,
            ),
            padding: 8,
          }
        : {
            name: "concentric",
            // The centre alone on the inner ring; the related roles share the outer one.
            concentric: (node: cytoscape.NodeSingular) => (node.hasClass("centre") ? 2 : 1),
            levelWidth: () => 1,
            minNodeSpacing: 30,
            padding: 16,
            startAngle: (3 / 2) * Math.PI,
          },
      minZoom: 0.3,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    cy.on("tap", "node", (event) => {
      const node = event.target as cytoscape.NodeSingular;
      if (node.id() !== centre.id) this.onRole({ id: node.id(), title: String(node.data("label")) });
    });
    keepLabelsReadable(cy, narrow ? 13 : 12, centre.id);
    this.cy = cy;

    this.list.replaceChildren(
      ...related.map((r) =>
        h(
          "li",
          { "data-role-id": r.role.id },
          h(
            "div",
            { class: "related-head" },
            h(
              "button",
              { type: "button", class: "link", "data-role": r.role.id, title: "Centre on this role" },
              displayTitle(r.role.title),
            ),
            h("span", { class: `badge ${r.relation.toLowerCase()}` }, RELATION_LABEL[r.relation]),
          ),
          h(
            "div",
            { class: "score", title: `Related score ${r.score} (0 to 1)` },
            scoreBar(r.score),
            h("span", { class: "score-value" }, formatScore(r.score)),
          ),
          reasons(r),
        ),
      ),
    );
  }
}

function scoreBar(score: number): HTMLElement {
  const fill = h("span");
  // Through the CSSOM rather than a style attribute, which a strict Content-Security-Policy refuses.
  fill.style.width = `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
  return h("span", { class: "bar", "aria-hidden": "true" }, fill);
}

function reasons(r: RelatedRole): HTMLElement {
  const parts: string[] = [];
  const names = (items: { name: string }[], max: number) =>
    items
      .slice(0, max)
      .map((i) => i.name)
      .join(", ") + (items.length > max ? `, +${items.length - max} more` : "");
  if (r.sharedSkills.length)
    parts.push(`${r.sharedSkills.length} shared skills (${names(r.sharedSkills, 3)})`);
  if (r.sharedTools.length) parts.push(`tools: ${names(r.sharedTools, 3)}`);
  if (r.sharedSectors.length) parts.push(`sectors: ${names(r.sharedSectors, 3)}`);
  return h(
    "p",
    { class: "muted reasons" },
    parts.length ? parts.join(" · ") : "No shared skills, tools or sectors.",
  );
}
