/**
 * Career paths as a layered drawing: cytoscape draws, dagre lays the roles out left to right in
 * the order of the moves. Several paths share their roles and moves, so the drawing is their union;
 * the list beside it spells out each path and the skills each move asks for.
 */
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import dagre from "cytoscape-dagre";
import { displayTitle } from "../../shared/display-title.js";
import type { CareerPath, RoleRef } from "./api.js";
import { h, isNarrow, MIN_LABEL_PX } from "./dom.js";

cytoscape.use(dagre);

export function edgeId(from: string, to: string): string {
  return `${from}->${to}`;
}

export function pathElements(paths: readonly CareerPath[], from: string, to: string): ElementDefinition[] {
  const nodes = new Map<string, ElementDefinition>();
  const edges = new Map<string, ElementDefinition>();
  for (const path of paths) {
    for (const role of path.roles) {
      if (nodes.has(role.id)) continue;
      const place = role.id === from ? "start" : role.id === to ? "target" : "step";
      nodes.set(role.id, {
        group: "nodes",
        data: { id: role.id, label: displayTitle(role.title) },
        classes: place,
      });
    }
    for (const move of path.moves) {
      const id = edgeId(move.from.id, move.to.id);
      if (edges.has(id)) continue;
      const names = move.skillsToAcquire.map((s) => s.name);
      // Short on the drawing; the list beside it names every skill (a tap on the arrow opens it).
      const skills =
        names.length === 0 ? "no new skills" : `+${names.length} skill${names.length === 1 ? "" : "s"}`;
      const label = move.typicalYears == null ? skills : `${skills}\n~${move.typicalYears} yr`;
      edges.set(id, {
        group: "edges",
        data: { id, source: move.from.id, target: move.to.id, label, kind: move.kind, skills: names },
        classes: move.kind.toLowerCase(),
      });
    }
  }
  return [...nodes.values(), ...edges.values()];
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      width: 170,
      height: 54,
      "background-color": "#eef2f7",
      "border-width": 2,
      "border-color": "#5b6b82",
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "156px",
      "text-valign": "center",
      "text-halign": "center",
      "font-size": 13,
      "font-family": "system-ui, sans-serif",
      color: "#1d2633",
      "z-index-compare": "manual",
      "z-index": 1,
    },
  },
  { selector: "node.start", style: { "background-color": "#dcefe3", "border-color": "#2f7d4f" } },
  { selector: "node.target", style: { "background-color": "#fbe8d3", "border-color": "#b0601a" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#2456a6" } },
  {
    selector: "edge",
    style: {
      width: 2,
      "curve-style": "bezier",
      "line-color": "#7b8aa1",
      "target-arrow-shape": "triangle",
      "target-arrow-color": "#7b8aa1",
      "arrow-scale": 1.3,
      label: "data(label)",
      "font-size": 11,
      "font-family": "system-ui, sans-serif",
      color: "#35435a",
      "text-wrap": "wrap",
      "text-max-width": "190px",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": "3px",
      "text-rotation": "none",
      // Above the roles: an arrow that passes behind a box must not hide its label there.
      "z-index-compare": "manual",
      "z-index": 2,
    },
  },
  { selector: "edge.lateral", style: { "line-style": "dashed" } },
  // An arrow that would cross a role's box is bent around it (see bendAroundBoxes).
  {
    selector: "edge.bent",
    style: {
      "curve-style": "unbundled-bezier",
      "control-point-distances": "data(bend)",
      "control-point-weights": 0.5,
    },
  },
  {
    selector: ".narrow",
    style: { width: 136, height: 50, "font-size": 12, "text-max-width": "124px" },
  },
];

interface Point {
  x: number;
  y: number;
}

/** Points along an edge as drawn: a straight line, or the quadratic curve through its control point. */
export function edgeSamples(edge: cytoscape.EdgeSingular, steps = 40): Point[] {
  const a = edge.sourceEndpoint();
  const b = edge.targetEndpoint();
  const control = edge.hasClass("bent") ? edge.controlPoints()[0] : undefined;
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    if (!control) {
      points.push({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
    } else {
      const u = 1 - t;
      points.push({
        x: u * u * a.x + 2 * u * t * control.x + t * t * b.x,
        y: u * u * a.y + 2 * u * t * control.y + t * t * b.y,
      });
    }
  }
  return points;
}

/** The roles' boxes an edge passes through, other than its own ends (with a few px of margin). */
export function boxesCrossed(cy: Core, edge: cytoscape.EdgeSingular, margin = 6): string[] {
  const ends = new Set([edge.source().id(), edge.target().id()]);
  const samples = edgeSamples(edge);
  return cy
    .nodes()
    .filter((node) => !ends.has(node.id()))
    .filter((node) => {
      const box = node.boundingBox({ includeLabels: false });
      return samples.some(
        (p) =>
          p.x > box.x1 - margin && p.x < box.x2 + margin && p.y > box.y1 - margin && p.y < box.y2 + margin,
      );
    })
    .map((node) => node.id());
}

/**
 * Dagre places the roles but cytoscape draws every edge straight, so a move that skips a rank
 * (Operations Manager → CEO beside Operations Manager → COO → CEO) runs through the box in
 * between. Such an edge becomes a curve whose control point lies beside the box, on the side away
 * from it, pushed further out until the curve clears every box.
 */
function bendAroundBoxes(cy: Core): void {
  cy.edges().forEach((edge) => {
    const crossed = boxesCrossed(cy, edge);
    if (crossed.length === 0) return;
    const a = edge.source().position();
    const b = edge.target().position();
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    // Which side of the line the obstacles lie on, on average: bend to the other side.
    const side = crossed.reduce((sum, id) => {
      const c = cy.getElementById(id).position();
      return sum + ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)) / length;
    }, 0);
    const widest = Math.max(...crossed.map((id) => cy.getElementById(id).width()));
    edge.addClass("bent");
    for (const sign of side >= 0 ? [-1, 1] : [1, -1]) {
      // A quadratic curve passes halfway between the chord and its control point.
      for (let distance = widest + 40; distance <= widest * 4 + 200; distance += 40) {
        edge.data("bend", sign * distance);
        if (boxesCrossed(cy, edge).length === 0) return;
      }
    }
  });
}

export interface PathsViewCallbacks {
  /** A role in the drawing was clicked or picked with the keyboard in the list. */
  onRole(role: RoleRef): void;
}

export class PathsView {
  private cy: Core | null = null;

  constructor(
    private readonly canvas: HTMLElement,
    private readonly list: HTMLElement,
    private readonly callbacks: PathsViewCallbacks,
  ) {
    // One listener for the list's role buttons, which are rebuilt with every answer.
    this.list.addEventListener("click", (event) => {
      const button = (event.target as HTMLElement).closest<HTMLElement>("button[data-role]");
      if (button?.dataset.role)
        this.callbacks.onRole({ id: button.dataset.role, title: button.textContent ?? "" });
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

  show(paths: readonly CareerPath[], from: string, to: string): Core {
    this.clear();
    this.canvas.hidden = false;
    const narrow = isNarrow(this.canvas);
    const elements = pathElements(paths, from, to).map((e) =>
      narrow && e.group === "nodes" ? { ...e, classes: `${e.classes ?? ""} narrow` } : e,
    );
    const cy = cytoscape({
      container: this.canvas,
      elements,
      style: STYLE,
      layout: {
        name: "dagre",
        // Top to bottom: a path of a few moves then fits the panel at a readable zoom.
        rankDir: "TB",
        nodeSep: narrow ? 24 : 50,
        rankSep: narrow ? 60 : 70,
        edgeSep: 30,
        padding: narrow ? 10 : 20,
      } as cytoscape.LayoutOptions,
      minZoom: 0.3,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    cy.on("tap", "node", (event) => {
      const node = event.target as cytoscape.NodeSingular;
      this.callbacks.onRole({ id: node.id(), title: String(node.data("label")) });
    });
    cy.on("tap", "edge", (event) => this.revealMove((event.target as cytoscape.EdgeSingular).id()));
    bendAroundBoxes(cy);
    cy.fit(undefined, narrow ? 10 : 20);
    keepLabelsReadable(cy, narrow ? 12 : 13, from);
    this.cy = cy;
    this.list.replaceChildren(...paths.map((path, index) => this.pathItem(path, index)));
    return cy;
  }

  private pathItem(path: CareerPath, index: number): HTMLElement {
    const titles = new Map(path.roles.map((r) => [r.id, displayTitle(r.title)]));
    const years = path.typicalYears == null ? "" : `, about ${path.typicalYears} years`;
    return h(
      "li",
      { class: "path" },
      h(
        "h3",
        { class: "path-title" },
        `Path ${index + 1}: ${path.steps} move${path.steps === 1 ? "" : "s"}${years}`,
      ),
      h(
        "p",
        { class: "path-confidence" },
        `Confidence ${Math.round(path.confidence * 100)}%: the product of its moves' confidences, ` +
          "each saying how strongly its source supports the move (the article and curated moves most, " +
          "then O*NET, ROME and ESCO, then moves derived from shared skills).",
      ),
      h(
        "p",
        { class: "path-roles" },
        ...path.roles.flatMap((role, i) => [
          i > 0 ? " → " : "",
          h(
            "button",
            { type: "button", class: "link", "data-role": role.id, title: "Show related roles" },
            displayTitle(role.title),
          ),
        ]),
      ),
      h(
        "ol",
        { class: "moves" },
        ...path.moves.map((move) => {
          const skills = move.skillsToAcquire.map((s) => s.name);
          return h(
            "li",
            { "data-move": edgeId(move.from.id, move.to.id) },
            h(
              "div",
              { class: "move-title" },
              `${titles.get(move.from.id) ?? move.from.id} → ${titles.get(move.to.id) ?? move.to.id}`,
              h("span", { class: `badge ${move.kind.toLowerCase()}` }, move.kind.toLowerCase()),
              move.typicalYears == null
                ? null
                : h(
                    "span",
                    {
                      class: "years",
                      title: "Typical time in the first role before this move, from the source",
                    },
                    ` about ${move.typicalYears} year${move.typicalYears === 1 ? "" : "s"}`,
                  ),
              move.confidence == null
                ? null
                : h(
                    "span",
                    {
                      class: "move-confidence",
                      title: "How strongly the source supports this move (0 to 100%)",
                    },
                    ` ${Math.round(move.confidence * 100)}% sure, ${move.evidence.toLowerCase()}`,
                  ),
            ),
            skills.length
              ? h(
                  "details",
                  {},
                  h("summary", {}, `${skills.length} skill${skills.length === 1 ? "" : "s"} to acquire`),
                  h("ul", { class: "skills" }, ...skills.map((name) => h("li", {}, name))),
                )
              : h("p", { class: "muted" }, "No new essential skills."),
          );
        }),
      ),
    );
  }

  /** Opens the skills of a move in the list (every path taking that move) and scrolls to the first. */
  private revealMove(id: string): void {
    const items = Array.from(this.list.querySelectorAll<HTMLElement>("li[data-move]")).filter(
      (item) => item.dataset.move === id,
    );
    for (const item of items) item.querySelector("details")?.setAttribute("open", "");
    items[0]?.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }
}

/**
 * When fitting the whole drawing makes its labels smaller than MIN_LABEL_PX (a phone, many
 * paths), zoom in to that size and show the start of the drawing; the rest is a drag away.
 */
export function keepLabelsReadable(cy: Core, fontSize: number, focus: string): void {
  const least = MIN_LABEL_PX / fontSize;
  if (cy.zoom() >= least) return;
  const node = cy.getElementById(focus);
  const target = node.nonempty() ? node.position() : { x: 0, y: 0 };
  const top = node.nonempty() ? node.height() / 2 : 0;
  cy.zoom(least);
  cy.pan({ x: cy.width() / 2 - target.x * least, y: 16 + (top - target.y) * least });
}
