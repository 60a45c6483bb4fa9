/**
 * The career explorer's entry point: wires the three views (paths, related roles, skill overlap)
 * to the search boxes and to the URL, so every view can be linked to (and tested) directly:
 * /explore?role=…, ?from=…&to=…&steps=…&limit=…, ?related=…&relatedLimit=…, ?overlap=a,b,c.
 */
import type { Core } from "cytoscape";
import type { ECharts } from "echarts/core";
import { displayTitle } from "../../shared/display-title.js";
import {
  careerPaths,
  errorMessage,
  relatedRoles,
  roleProfile,
  roleTitles,
  skillGap,
  skillOverlap,
  type RoleRef,
  type SkillGap,
} from "./api.js";
import { byId, h, saveUrl, setStatus } from "./dom.js";
import { GapView } from "./gap-view.js";
import { matrixCsv, OverlapView, type OverlapMatrix } from "./overlap-view.js";
import { PathsView } from "./paths-view.js";
import { RelatedView } from "./related-view.js";
import { RoleSearch } from "./role-search.js";
import { RoleView } from "./role-view.js";

type Status = "idle" | "loading" | "ready" | "empty" | "error";

/** What the page shows, readable from outside (end-to-end tests, the browser console). */
export interface ExplorerState {
  role: { status: Status; message: string; role: string | null };
  /** The skill gap shown under the paths, for the picked start and target. */
  gap: { status: Status; message: string; gap: SkillGap | null };
  paths: { status: Status; message: string; from: string | null; to: string | null; graph: Core | null };
  related: { status: Status; message: string; role: string | null; ids: string[]; graph: Core | null };
  overlap: {
    status: Status;
    message: string;
    ids: string[];
    matrix: OverlapMatrix | null;
    chart: ECharts | null;
  };
  /** The pickers' selected role ids, by picker name. */
  selected: Record<string, string | null>;
}

declare global {
  interface Window {
    __explorer?: ExplorerState;
  }
}

const MIN_OVERLAP = 2;
const MAX_OVERLAP = 50;
const DEFAULT_STEPS = 4;
const DEFAULT_PATHS = 3;
const DEFAULT_RELATED = 8;

const state: ExplorerState = {
  role: { status: "idle", message: "", role: null },
  gap: { status: "idle", message: "", gap: null },
  paths: { status: "idle", message: "", from: null, to: null, graph: null },
  related: { status: "idle", message: "", role: null, ids: [], graph: null },
  overlap: { status: "idle", message: "", ids: [], matrix: null, chart: null },
  selected: { from: null, to: null, related: null, role: null },
};
window.__explorer = state;

// ---- A role --------------------------------------------------------------------------------------

const roleStatus = byId("role-status");
const roleView = new RoleView(byId("role-profile"));
const roleSearch = new RoleSearch({
  id: "role",
  label: "Role",
  placeholder: "e.g. chief operating officer",
  onChange: (role) => {
    state.selected.role = role?.id ?? null;
    if (role) void showRole(role);
  },
});
byId("role-slot").append(roleSearch.element);
byId("role-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (roleSearch.value) void showRole(roleSearch.value);
});

let roleSequence = 0;
async function showRole(role: RoleRef): Promise<void> {
  const sequence = ++roleSequence;
  roleSearch.set(role);
  state.selected.role = role.id;
  Object.assign(state.role, { status: "loading", message: "", role: role.id });
  setStatus(roleStatus, "loading", `Loading ${displayTitle(role.title)}…`);
  updateUrl({ role: role.id });
  try {
    const profile = await roleProfile(role.id);
    if (sequence !== roleSequence) return;
    roleSearch.set(profile);
    roleView.show(profile);
    const message = `${displayTitle(profile.title)}: ${profile.salaryBands.length} salary band${profile.salaryBands.length === 1 ? "" : "s"}, ${profile.skills.length} skills, ${profile.tools.length} tools.`;
    Object.assign(state.role, { status: "ready", message });
    setStatus(roleStatus, "info", message);
  } catch (error) {
    if (sequence !== roleSequence) return;
    roleView.clear();
    const message = errorMessage(error);
    Object.assign(state.role, { status: "error", message });
    setStatus(roleStatus, "error", message);
  }
}

// ---- Career paths -------------------------------------------------------------------------------

const pathsStatus = byId("paths-status");
const stepsSelect = byId<HTMLSelectElement>("max-steps");
const pathLimitSelect = byId<HTMLSelectElement>("path-limit");
const pathsView = new PathsView(byId("paths-graph"), byId("paths-list"), {
  onRole: (role) => void showRelated(role, true),
});
const gapView = new GapView(byId("gap"));
const pathsPng = byId<HTMLButtonElement>("paths-png");
pathsPng.addEventListener("click", () => {
  const graph = pathsView.graph;
  if (graph)
    saveUrl(
      graph.png({ full: true, scale: 2, bg: "#ffffff" }),
      `career-paths-${state.paths.from ?? ""}-to-${state.paths.to ?? ""}.png`,
    );
});

const fromSearch = new RoleSearch({
  id: "from",
  label: "From (your current role)",
  placeholder: "e.g. operations manager",
  onChange: (role) => {
    state.selected.from = role?.id ?? null;
    if (role && toSearch.value) void showPaths();
  },
});
const toSearch = new RoleSearch({
  id: "to",
  label: "To (the role you aim for)",
  placeholder: "e.g. chief executive",
  onChange: (role) => {
    state.selected.to = role?.id ?? null;
    if (role && fromSearch.value) void showPaths();
  },
});
byId("from-slot").append(fromSearch.element);
byId("to-slot").append(toSearch.element);
byId("paths-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void showPaths();
});
stepsSelect.addEventListener("change", () => void showPaths());
pathLimitSelect.addEventListener("change", () => void showPaths());

let pathsSequence = 0;
async function showPaths(): Promise<void> {
  const from = fromSearch.value;
  const to = toSearch.value;
  if (!from || !to) {
    pathsStatus.hidden = false;
    setStatus(pathsStatus, "info", "Pick a start and a target role from the suggestions of both boxes.");
    return;
  }
  const maxSteps = Number(stepsSelect.value);
  const limit = Number(pathLimitSelect.value);
  const sequence = ++pathsSequence;
  Object.assign(state.paths, { status: "loading", message: "", from: from.id, to: to.id });
  setStatus(pathsStatus, "loading", `Looking for paths from ${from.title} to ${to.title}…`);
  updateUrl({ from: from.id, to: to.id, steps: String(maxSteps), limit: String(limit) });
  void showGap(from, to);
  try {
    const paths = await careerPaths({ from: from.id, to: to.id, maxSteps, limit });
    if (sequence !== pathsSequence) return;
    if (paths.length === 0) {
      pathsView.clear();
      pathsPng.disabled = true;
      const message = `No career path found from ${from.title} to ${to.title} within ${maxSteps} move${maxSteps === 1 ? "" : "s"}.${maxSteps < 6 ? " Try allowing more moves." : ""}`;
      Object.assign(state.paths, { status: "empty", message, graph: null });
      setStatus(pathsStatus, "empty", message);
      return;
    }
    // The API knows the titles exactly; a deep link may only have given ids.
    const start = paths[0]?.roles[0];
    const end = paths[0]?.roles.at(-1);
    if (start && start.title !== from.title) fromSearch.set(start);
    if (end && end.title !== to.title) toSearch.set(end);
    const graph = pathsView.show(paths, from.id, to.id);
    pathsPng.disabled = false;
    const message = `${paths.length} path${paths.length === 1 ? "" : "s"}, shortest first. Click a role to see the roles around it.`;
    Object.assign(state.paths, { status: "ready", message, graph });
    setStatus(pathsStatus, "info", message);
  } catch (error) {
    if (sequence !== pathsSequence) return;
    pathsView.clear();
    pathsPng.disabled = true;
    const message = errorMessage(error);
    Object.assign(state.paths, { status: "error", message, graph: null });
    setStatus(pathsStatus, "error", message);
  }
}

let gapSequence = 0;
/** The skill gap of the picked pair, beside the paths (an error there is the paths' to report). */
async function showGap(from: RoleRef, to: RoleRef): Promise<void> {
  const sequence = ++gapSequence;
  Object.assign(state.gap, { status: "loading", message: "", gap: null });
  try {
    const gap = await skillGap(from.id, to.id);
    if (sequence !== gapSequence) return;
    gapView.show(gap);
    Object.assign(state.gap, { status: "ready", message: "", gap });
  } catch (error) {
    if (sequence !== gapSequence) return;
    gapView.clear();
    Object.assign(state.gap, { status: "error", message: errorMessage(error), gap: null });
  }
}

// ---- Related roles ------------------------------------------------------------------------------

const relatedStatus = byId("related-status");
const relatedLimitSelect = byId<HTMLSelectElement>("related-limit");
const relatedView = new RelatedView(
  byId("related-graph"),
  byId("related-list"),
  (role) => void showRelated(role, false),
);
const relatedPng = byId<HTMLButtonElement>("related-png");
relatedPng.addEventListener("click", () => {
  const graph = relatedView.graph;
  if (graph)
    saveUrl(
      graph.png({ full: true, scale: 2, bg: "#ffffff" }),
      `related-roles-${state.related.role ?? ""}.png`,
    );
});
const relatedSearch = new RoleSearch({
  id: "related",
  label: "Role",
  placeholder: "e.g. chief operating officer",
  onChange: (role) => {
    state.selected.related = role?.id ?? null;
    if (role) void showRelated(role, false);
  },
});
byId("related-slot").append(relatedSearch.element);
byId("related-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (relatedSearch.value) void showRelated(relatedSearch.value, false);
});
relatedLimitSelect.addEventListener("change", () => {
  if (relatedSearch.value) void showRelated(relatedSearch.value, false);
});

let relatedSequence = 0;
async function showRelated(role: RoleRef, scroll: boolean): Promise<void> {
  const limit = Number(relatedLimitSelect.value);
  const sequence = ++relatedSequence;
  relatedSearch.set(role);
  state.selected.related = role.id;
  Object.assign(state.related, { status: "loading", message: "", role: role.id });
  setStatus(relatedStatus, "loading", `Loading the roles related to ${displayTitle(role.title)}…`);
  updateUrl({ related: role.id, relatedLimit: String(limit) });
  if (scroll) byId("related-section").scrollIntoView({ behavior: "smooth", block: "start" });
  try {
    const { role: centre, related } = await relatedRoles(role.id, limit);
    if (sequence !== relatedSequence) return;
    relatedSearch.set(centre);
    if (related.length === 0) {
      relatedView.clear();
      relatedPng.disabled = true;
      const message = `${displayTitle(centre.title)} has no related roles yet.`;
      Object.assign(state.related, { status: "empty", message, ids: [], graph: null });
      setStatus(relatedStatus, "empty", message);
      return;
    }
    relatedView.show(centre, related);
    relatedPng.disabled = false;
    const message = `The ${related.length} roles closest to ${displayTitle(centre.title)}, best first, with their related score (0 to 1).`;
    Object.assign(state.related, {
      status: "ready",
      message,
      ids: related.map((r) => r.role.id),
      graph: relatedView.graph,
    });
    setStatus(relatedStatus, "info", message);
  } catch (error) {
    if (sequence !== relatedSequence) return;
    relatedView.clear();
    relatedPng.disabled = true;
    const message = errorMessage(error);
    Object.assign(state.related, { status: "error", message, ids: [], graph: null });
    setStatus(relatedStatus, "error", message);
  }
}

// ---- Skill overlap ------------------------------------------------------------------------------

const overlapStatus = byId("overlap-status");
const overlapSet = byId<HTMLUListElement>("overlap-set");
const overlapFigure = byId("overlap-figure");
const downloadButton = byId<HTMLButtonElement>("overlap-download");
const commonSkills = byId("overlap-common");
const overlapView = new OverlapView(byId("overlap-chart"), byId("overlap-pairs"));
const overlapPng = byId<HTMLButtonElement>("overlap-png");
overlapPng.addEventListener("click", () => {
  const chart = overlapView.instance;
  if (chart)
    saveUrl(
      chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" }),
      `skill-overlap-${state.overlap.ids.length}-roles.png`,
    );
});
let overlapRoles: RoleRef[] = [];

const overlapSearch = new RoleSearch({
  id: "overlap",
  label: "Add a role to the set",
  placeholder: "e.g. logistics director",
  clearOnPick: true,
  onChange: (role) => {
    if (!role) return;
    if (overlapRoles.some((r) => r.id === role.id)) {
      setStatus(overlapStatus, "info", `${role.title} is already in the set.`);
      return;
    }
    if (overlapRoles.length >= MAX_OVERLAP) {
      setStatus(overlapStatus, "error", `The set holds at most ${MAX_OVERLAP} roles: remove one first.`);
      return;
    }
    overlapRoles = [...overlapRoles, role];
    void showOverlap();
  },
});
byId("overlap-slot").append(overlapSearch.element);
overlapSet.addEventListener("click", (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>("button[data-remove]");
  if (!button) return;
  overlapRoles = overlapRoles.filter((r) => r.id !== button.dataset.remove);
  void showOverlap();
  overlapSearch.input.focus();
});
byId("overlap-clear").addEventListener("click", () => {
  overlapRoles = [];
  void showOverlap();
});
downloadButton.addEventListener("click", () => {
  if (state.overlap.matrix)
    download(matrixCsv(state.overlap.matrix), `skill-overlap-${state.overlap.matrix.ids.length}-roles.csv`);
});

function renderSet(): void {
  overlapSet.replaceChildren(
    ...overlapRoles.map((role) =>
      h(
        "li",
        { class: "chip", "data-role-id": role.id, title: role.id },
        h("span", {}, displayTitle(role.title)),
        h(
          "button",
          { type: "button", "data-remove": role.id, "aria-label": `Remove ${displayTitle(role.title)}` },
          "×",
        ),
      ),
    ),
  );
  byId("overlap-count").textContent = `${overlapRoles.length} of ${MAX_OVERLAP} roles`;
  overlapSearch.input.disabled = overlapRoles.length >= MAX_OVERLAP;
}

let overlapSequence = 0;
async function showOverlap(): Promise<void> {
  const ids = overlapRoles.map((r) => r.id);
  const sequence = ++overlapSequence;
  renderSet();
  updateUrl({ overlap: ids.length ? ids.join(",") : null });
  state.overlap.ids = ids;
  if (ids.length < MIN_OVERLAP) {
    clearOverlap();
    const message =
      ids.length === 0
        ? `Add ${MIN_OVERLAP} to ${MAX_OVERLAP} roles to compare their skills.`
        : "Add at least one more role to compare.";
    Object.assign(state.overlap, { status: "idle", message });
    setStatus(overlapStatus, "info", message);
    return;
  }
  Object.assign(state.overlap, { status: "loading", message: "" });
  setStatus(overlapStatus, "loading", `Comparing the skills of ${ids.length} roles…`);
  try {
    const overlap = await skillOverlap(ids);
    if (sequence !== overlapSequence) return;
    // The API returns the titles: the chips of a deep link start with ids only.
    const titles = new Map(overlap.roles.map((r) => [r.id, r.title]));
    overlapRoles = overlapRoles.map((r) => ({ id: r.id, title: titles.get(r.id) ?? r.title }));
    renderSet();
    overlapFigure.hidden = false;
    const matrix = overlapView.show(overlap);
    downloadButton.disabled = false;
    overlapPng.disabled = overlapView.instance === null;
    commonSkills.textContent = overlap.commonToAll.length
      ? `Skills required by all ${ids.length} roles: ${overlap.commonToAll.map((s) => s.name).join(", ")}.`
      : `No skill is required by all ${ids.length} roles.`;
    const message = `Pairwise skill overlap of ${ids.length} roles.`;
    Object.assign(state.overlap, { status: "ready", message, matrix, chart: overlapView.instance });
    setStatus(overlapStatus, "info", message);
  } catch (error) {
    if (sequence !== overlapSequence) return;
    clearOverlap();
    const message = errorMessage(error);
    Object.assign(state.overlap, { status: "error", message });
    setStatus(overlapStatus, "error", message);
  }
}

function clearOverlap(): void {
  overlapView.clear();
  overlapFigure.hidden = true;
  downloadButton.disabled = true;
  overlapPng.disabled = true;
  commonSkills.textContent = "";
  Object.assign(state.overlap, { matrix: null, chart: null });
}

function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = h("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the blob afterwards.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- URL ----------------------------------------------------------------------------------------

/** Keeps the address bar a link to what is shown, without adding history entries. */
function updateUrl(changes: Record<string, string | null>): void {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  // Keep the commas of `overlap` readable rather than percent-encoded.
  const search = url.searchParams.toString().replace(/%2C/gi, ",");
  window.history.replaceState(null, "", `${url.pathname}${search ? `?${search}` : ""}${url.hash}`);
}

function selectValue(select: HTMLSelectElement, value: string | null, fallback: number): void {
  const wanted = value ?? String(fallback);
  if (!Array.from(select.options).some((o) => o.value === wanted))
    select.append(h("option", { value: wanted }, wanted));
  select.value = wanted;
}

// Printing: the folded skill lists are part of the page on paper.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details").forEach((details) => (details.open = true));
});

async function start(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const roleId = params.get("role")?.trim() || null;
  const from = params.get("from")?.trim() || null;
  const to = params.get("to")?.trim() || null;
  const related = params.get("related")?.trim() || null;
  const overlapIds = [
    ...new Set(
      (params.get("overlap") ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_OVERLAP);
  selectValue(stepsSelect, params.get("steps"), DEFAULT_STEPS);
  selectValue(pathLimitSelect, params.get("limit"), DEFAULT_PATHS);
  selectValue(relatedLimitSelect, params.get("relatedLimit"), DEFAULT_RELATED);

  const ids = [roleId, from, to, related, ...overlapIds].filter((id): id is string => id !== null);
  let titles = new Map<string, string>();
  try {
    titles = await roleTitles([...new Set(ids)]);
  } catch {
    // The views below each report the API's state in their own words.
  }
  const ref = (id: string): RoleRef => ({ id, title: titles.get(id) ?? id });
  if (from) fromSearch.set(ref(from));
  if (to) toSearch.set(ref(to));
  state.selected.from = from;
  state.selected.to = to;
  overlapRoles = overlapIds.map(ref);

  const work: Promise<void>[] = [];
  if (roleId) work.push(showRole(ref(roleId)));
  else setStatus(roleStatus, "info", "Pick a role to see its salaries, skills and tools.");
  if (from && to) work.push(showPaths());
  else setStatus(pathsStatus, "info", "Pick a start and a target role to see the career paths between them.");
  if (related) work.push(showRelated(ref(related), false));
  else
    setStatus(
      relatedStatus,
      "info",
      "Pick a role, or click a role in the paths, to see the roles around it.",
    );
  work.push(showOverlap());
  await Promise.all(work);
}

void start();
