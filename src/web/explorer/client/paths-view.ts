/**
 * Career paths as a layered drawing: cytoscape draws, dagre lays the roles out left to right in
 * the order of the moves. Several paths share their roles and moves, so the drawing is their union;
 * the list beside it spells out each path and the skills each move asks for.
 */
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import dagre from "cytoscape-dagre";
import type { CareerPath, RoleRef } from "./api.js";
import { h } from "./dom.js";

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
      nodes.set(role.id, { group: "nodes", data: { id: role.id, label: role.title }, classes: place });
    }
    for (const move of path.moves) {
      const id = edgeId(move.from.id, move.to.id);
      if (edges.has(id)) continue;
      const names = move.skillsToAcquire.map((s) => s.name);
      // Short on the drawing; the list beside it names every skill (a tap on the arrow opens it).
      const label =
        names.length === 0 ? "no new skills" : `+${names.length} skill${names.length === 1 ? "" : "s"}`;
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
];

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
    const cy = cytoscape({
      container: this.canvas,
      elements: pathElements(paths, from, to),
      style: STYLE,
      layout: {
        name: "dagre",
        // Top to bottom: a path of a few moves then fits the panel at a readable zoom.
        rankDir: "TB",
        nodeSep: 50,
        rankSep: 70,
        edgeSep: 30,
        padding: 20,
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
    this.cy = cy;
    this.list.replaceChildren(...paths.map((path, index) => this.pathItem(path, index)));
    return cy;
  }

  private pathItem(path: CareerPath, index: number): HTMLElement {
    const titles = new Map(path.roles.map((r) => [r.id, r.title]));
    const years = path.typicalYears == null ? "" : `, about ${path.typicalYears} years`;
    return h(
      "li",
      { class: "path" },
      h("h4", {}, `Path ${index + 1}: ${path.steps} move${path.steps === 1 ? "" : "s"}${years}`),
      h(
        "p",
        { class: "path-roles" },
        ...path.roles.flatMap((role, i) => [
          i > 0 ? " → " : "",
          h(
            "button",
            { type: "button", class: "link", "data-role": role.id, title: "Show related roles" },
            role.title,
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
