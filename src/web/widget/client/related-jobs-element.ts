/**
 * <related-jobs role-id="…" limit="5" api="…/graphql" lang="en" link="/jobs/{id}">: the related
 * jobs of a role, with a score bar and the shared skills as the reason. One GET per render; every
 * failure ends in a short message (or, with `hide-if-empty`, in nothing at all), never an exception.
 *
 * `role-id`, not `role`: `role` is an ARIA attribute, so `role="chief-operating-officer"` on the
 * host page is an invalid ARIA role there (axe `aria-roles`, critical). The old attribute is still
 * read when `role-id` is absent, so existing embeds keep working, with a console warning.
 */
import { displayTitle } from "../../shared/display-title.js";
import { languageOf, stringsFor, type Strings } from "./i18n.js";
import { occupationList, scriptText } from "./json-ld.js";
import {
  clampLimit,
  parseRelatedJobs,
  apiLanguage,
  relatedJobsRequest,
  type RelatedJob,
  type RelatedJobsResult,
} from "./query.js";
import { CSS } from "./styles.js";

/** Beyond this the API counts as down: a related-jobs box is not worth a longer wait. */
const TIMEOUT_MS = 10_000;
const SHOWN_SKILLS = 3;
const DEFAULT_LINK = "#{id}";
const EXPLAIN_ID = "explain";

type View = { kind: "loading" } | RelatedJobsResult;

type Child = Node | string | null | false;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children) if (child) el.append(child);
  return el;
}

let sheet: CSSStyleSheet | null = null;
let warnedLegacyRole = false;

export class RelatedJobsElement extends HTMLElement {
  static readonly observedAttributes = ["role-id", "role", "limit", "api", "lang", "link", "hide-if-empty"];

  private readonly root: ShadowRoot;
  private scheduled = false;
  private controller: AbortController | null = null;
  /** What the current view was fetched for (api, role, limit, language): a link change repaints it. */
  private fetchedFor = "";
  private view: View = { kind: "loading" };

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    // A constructed sheet is shared by every instance and, unlike <style>, is not blocked by a
    // host page's Content-Security-Policy.
    try {
      sheet ??= new CSSStyleSheet();
      if (!sheet.cssRules.length) sheet.replaceSync(CSS);
      this.root.adoptedStyleSheets = [sheet];
    } catch {
      this.root.append(h("style", {}, CSS));
    }
  }

  connectedCallback(): void {
    this.schedule();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
    this.controller = null;
    this.fetchedFor = "";
  }

  attributeChangedCallback(): void {
    this.schedule();
  }

  /**
   * Coalesces attribute changes made in one task (an upgrade reports every attribute, then
   * connects) into one render, hence one request.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.isConnected) this.update();
    });
  }

  private get roleId(): string {
    const id = this.getAttribute("role-id");
    if (id !== null) return id.trim();
    const legacy = this.getAttribute("role");
    if (legacy !== null && !warnedLegacyRole) {
      warnedLegacyRole = true;
      console.warn(
        '<related-jobs role="…"> is deprecated: use role-id="…" (a role attribute is an ARIA role to assistive technology).',
      );
    }
    return (legacy ?? "").trim();
  }

  private get hideIfEmpty(): boolean {
    return this.hasAttribute("hide-if-empty");
  }

  private get apiUrl(): string {
    const attr = this.getAttribute("api");
    // Without an api attribute, the API is the one that served this script.
    return new URL(attr || "/graphql", attr ? document.baseURI : import.meta.url).href;
  }

  private get strings(): Strings {
    return stringsFor(this.language);
  }

  private get language(): string {
    const own = this.getAttribute("lang") ?? this.closest("[lang]")?.getAttribute("lang");
    return languageOf(own || document.documentElement.lang || navigator.language || "en");
  }

  private hrefOf = (job: RelatedJob): string =>
    (this.getAttribute("link") || DEFAULT_LINK).replace(/\{id\}/g, encodeURIComponent(job.id));

  private update(): void {
    let api: string;
    try {
      api = this.apiUrl;
    } catch {
      this.show({ kind: "unavailable", reason: "bad api attribute" });
      return;
    }
    const limit = clampLimit(this.getAttribute("limit"));
    const lang = apiLanguage(this.language);
    const key = JSON.stringify([api, this.roleId, limit, lang]);
    if (key === this.fetchedFor && this.view.kind !== "unavailable") {
      this.paint();
      return;
    }
    this.fetchedFor = key;
    if (!this.roleId) {
      this.show({ kind: "unknown-role" });
      return;
    }
    void this.load(api, this.roleId, limit, lang);
  }

  private async load(api: string, role: string, limit: number, lang: "EN" | "FR"): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    this.show({ kind: "loading" });
    let result: RelatedJobsResult;
    try {
      const request = relatedJobsRequest(api, role, limit, lang);
      const response = await fetch(request.url, {
        headers: request.headers,
        // Anonymous on purpose: the answer is the same for everyone, and shared caches keep it.
        credentials: "omit",
        signal: controller.signal,
      });
      const body: unknown = await response.json().catch(() => null);
      result = parseRelatedJobs(response.status, body);
    } catch (error) {
      result = { kind: "unavailable", reason: String(error) };
    } finally {
      clearTimeout(timer);
    }
    // A newer render (attribute change) or a removal superseded this request.
    if (this.controller !== controller) return;
    this.controller = null;
    this.show(result);
  }

  private show(view: View): void {
    this.view = view;
    // For the host page's developer, not for its visitors: the id that matched nothing.
    if (view.kind === "unknown-role" && this.roleId)
      console.warn(`<related-jobs>: no role has the id "${this.roleId}".`);
    this.paint();
    this.dispatchEvent(new CustomEvent("related-jobs-state", { detail: { state: view.kind } }));
  }

  private paint(): void {
    const t = this.strings;
    const view = this.view;
    const headingId = "heading";
    const box = h(
      "section",
      { class: "box", part: "box", "aria-labelledby": headingId, lang: this.language },
      h("div", { class: "heading", part: "heading", id: headingId }, t.heading),
    );
    box.setAttribute("aria-busy", String(view.kind === "loading"));
    const nothingToShow = view.kind !== "loading" && !(view.kind === "ok" && view.jobs.length > 0);
    if (nothingToShow && this.hideIfEmpty) {
      // Quietly gone: no box, no message; the related-jobs-state event still tells the host page.
      this.root.replaceChildren(...Array.from(this.root.querySelectorAll("style")));
      this.writeJsonLd(null, t);
      return;
    }
    if (view.kind === "loading") {
      const skeleton = h("ol", { class: "skeleton", "aria-hidden": "true" });
      for (let i = 0; i < Math.min(5, clampLimit(this.getAttribute("limit"))); i++) skeleton.append(h("li"));
      box.append(h("p", { class: "status", role: "status", part: "status" }, t.loading), skeleton);
    } else if (view.kind === "ok" && view.jobs.length > 0) {
      box.append(
        this.list(view.jobs, t),
        h("p", { class: "explain", part: "explain", id: EXPLAIN_ID }, t.explain),
      );
    } else {
      const message =
        view.kind === "ok" ? t.empty : view.kind === "unknown-role" ? t.unknownRole : t.unavailable;
      box.append(h("p", { class: "status error", role: "status", part: "status" }, message));
    }
    this.root.replaceChildren(...Array.from(this.root.querySelectorAll("style")), box);
    this.writeJsonLd(view.kind === "ok" && view.jobs.length > 0 ? view : null, t);
  }

  private list(jobs: readonly RelatedJob[], t: Strings): HTMLElement {
    const list = h("ol", { part: "list" });
    for (const job of jobs) {
      const pct = Math.round(job.score * 100);
      const title = displayTitle(job.title, this.language);
      const link = h("a", { href: this.hrefOf(job), part: "link" }, title);
      link.addEventListener("click", (event) => {
        const select = new CustomEvent("related-job-select", {
          detail: { id: job.id, title },
          bubbles: true,
          composed: true,
          cancelable: true,
        });
        if (!this.dispatchEvent(select)) event.preventDefault();
      });
      const fill = h("span", { class: "fill", part: "bar-fill" });
      fill.style.width = `${pct}%`;
      const shown = job.sharedSkills.slice(0, SHOWN_SKILLS).join(", ");
      const rest = job.sharedSkills.length - SHOWN_SKILLS;
      const reasons = shown
        ? `${t.shared} ${shown}${rest > 0 ? ` ${t.more(rest)}` : ""}`
        : (t.relation[job.relation] ?? "");
      list.append(
        h(
          "li",
          { part: "item" },
          h(
            "div",
            { class: "head" },
            link,
            job.relation !== "SIMILAR" &&
              h("span", { class: "relation", part: "relation" }, t.relation[job.relation] ?? ""),
          ),
          h(
            "div",
            { class: "score" },
            h(
              "div",
              {
                class: "bar",
                part: "bar",
                role: "meter",
                "aria-label": t.matchWith(title),
                "aria-describedby": EXPLAIN_ID,
                "aria-valuemin": "0",
                "aria-valuemax": "100",
                "aria-valuenow": String(pct),
                "aria-valuetext": t.matchValue(pct),
              },
              fill,
            ),
            h("span", { class: "pct", "aria-hidden": "true" }, t.percent(pct)),
          ),
          h("p", { class: "reasons", part: "reasons" }, reasons),
        ),
      );
    }
    return list;
  }

  /** In the light DOM, where crawlers read structured data; one script per widget, kept current. */
  private writeJsonLd(view: Extract<View, { kind: "ok" }> | null, t: Strings): void {
    let script = this.querySelector<HTMLScriptElement>(':scope > script[type="application/ld+json"]');
    if (!view) {
      script?.remove();
      return;
    }
    if (!script) {
      script = document.createElement("script");
      script.type = "application/ld+json";
      this.append(script);
    }
    // The default link (#id) points nowhere a crawler could use; only a page's own template does.
    const href = (job: RelatedJob): string | null =>
      this.getAttribute("link") ? new URL(this.hrefOf(job), document.baseURI).href : null;
    script.textContent = scriptText(occupationList(view.role, view.jobs, t.heading, href));
  }
}
