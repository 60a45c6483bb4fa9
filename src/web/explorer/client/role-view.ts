/**
 * One role's page: what it pays (salary bands by experience, one table per currency and source,
 * never mixed), the skills it requires (essential, then optional, each by importance) and its
 * tools. Built from one `roles` query with the relationship properties (essential, importance,
 * source) and the sources the bands cite.
 */
import { displayTitle } from "../../shared/display-title.js";
import type { RoleProfile, RoleSkill, SalaryBand, SourceRef } from "./api.js";
import { h } from "./dom.js";

const COUNTRY: Record<string, string> = { FR: "France", US: "United States", GB: "United Kingdom" };

/** Essential first, then by importance (highest first; none last), then by name. */
export function bySkillWeight(a: RoleSkill, b: RoleSkill): number {
  if (a.essential !== b.essential) return a.essential ? -1 : 1;
  const ia = a.importance ?? -1;
  const ib = b.importance ?? -1;
  if (ia !== ib) return ib - ia;
  return a.name.localeCompare(b.name);
}

function money(value: number, currency: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
}

function experience(band: SalaryBand): string {
  const min = band.minExperienceYears;
  const max = band.maxExperienceYears;
  if (min == null && max == null) return band.label ?? "any experience";
  if (max == null) return `${min ?? 0}+ years`;
  return `${min ?? 0}–${max} years`;
}

function range(band: SalaryBand): string {
  const { minAnnualGross: min, maxAnnualGross: max, currency } = band;
  if (min == null && max == null) return "not stated";
  if (max == null) return `${money(min ?? 0, currency)} and more`;
  if (min == null) return `up to ${money(max, currency)}`;
  return `${money(min, currency)} – ${money(max, currency)}`;
}

/** Salary bands grouped by currency, country, source and year: each group is one table. */
export function salaryGroups(bands: RoleProfile["salaryBands"]): {
  key: string;
  currency: string;
  country: string;
  source: string;
  year: number | null;
  bands: RoleProfile["salaryBands"];
}[] {
  const groups = new Map<string, ReturnType<typeof salaryGroups>[number]>();
  for (const band of bands) {
    const key = [band.currency, band.country, band.source, band.year ?? ""].join("|");
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        currency: band.currency,
        country: band.country,
        source: band.source,
        year: band.year,
        bands: [],
      };
      groups.set(key, group);
    }
    group.bands.push(band);
  }
  for (const group of groups.values())
    group.bands.sort((a, b) => (a.minExperienceYears ?? 0) - (b.minExperienceYears ?? 0));
  return [...groups.values()];
}

function sourceLine(source: SourceRef | undefined, id: string, year: number | null): HTMLElement {
  const name = source
    ? source.url
      ? h("a", { href: source.url, rel: "noopener" }, source.title)
      : source.title
    : id;
  return h(
    "p",
    { class: "muted source" },
    "Source: ",
    name,
    source?.publisher ? ` (${source.publisher})` : "",
    year == null ? "; the source gives no year." : `; figures for ${year}.`,
  );
}

function salaryTable(
  group: ReturnType<typeof salaryGroups>[number],
  sources: Map<string, SourceRef>,
): HTMLElement {
  const hasPercentiles = group.bands.some((b) => b.median != null);
  const country = COUNTRY[group.country] ?? group.country;
  const table = h(
    "table",
    { class: "salaries", "data-currency": group.currency },
    h("caption", {}, `${country}: gross pay per year, in ${group.currency}`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Experience"),
        h("th", { scope: "col" }, hasPercentiles ? "Range (10th–90th percentile)" : "Range"),
        hasPercentiles ? h("th", { scope: "col" }, "Median") : null,
      ),
    ),
    h(
      "tbody",
      {},
      ...group.bands.map((band) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, band.label ? `${band.label}` : experience(band)),
          h(
            "td",
            {},
            hasPercentiles && band.percentile10 != null && band.percentile90 != null
              ? `${money(band.percentile10, band.currency)} – ${money(band.percentile90, band.currency)}`
              : range(band),
          ),
          hasPercentiles ? h("td", {}, band.median == null ? "—" : money(band.median, band.currency)) : null,
        ),
      ),
    ),
  );
  const notes = [...new Set(group.bands.map((b) => b.note).filter((n): n is string => Boolean(n)))];
  return h(
    "div",
    { class: "salary-group" },
    h("div", { class: "table-scroll" }, table),
    sourceLine(sources.get(group.source), group.source, group.year),
    ...notes.map((note) => h("p", { class: "muted note" }, note)),
  );
}

function skillList(skills: RoleSkill[], label: string, id: string): HTMLElement {
  return h(
    "div",
    { class: "skill-group" },
    h("h4", { id }, `${label} (${skills.length})`),
    skills.length
      ? h(
          "ol",
          { class: "weighted", "aria-labelledby": id },
          ...skills.map((s) =>
            h(
              "li",
              { "data-skill-id": s.id },
              h("span", {}, s.name),
              s.importance == null
                ? null
                : h(
                    "span",
                    { class: "importance", title: "Importance given by the source, 0 to 1" },
                    s.importance.toFixed(2),
                  ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "None listed."),
  );
}

export class RoleView {
  constructor(private readonly container: HTMLElement) {}

  clear(): void {
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  show(profile: RoleProfile): void {
    const skills = [...profile.skills].sort(bySkillWeight);
    const essential = skills.filter((s) => s.essential);
    const optional = skills.filter((s) => !s.essential);
    const groups = salaryGroups(profile.salaryBands);
    const tools = [...profile.tools].sort(
      (a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name),
    );
    this.container.hidden = false;
    this.container.replaceChildren(
      h("h3", { id: "role-name" }, displayTitle(profile.title)),
      profile.summary ? h("p", { class: "summary" }, profile.summary) : "",
      h(
        "div",
        { class: "role-grid" },
        h(
          "div",
          { id: "role-salaries" },
          h("h4", {}, "Salary by experience"),
          groups.length
            ? h(
                "p",
                { class: "muted" },
                "Each table is one source in one currency: the figures are never converted or mixed.",
              )
            : h("p", { class: "muted" }, "No source gives a salary for this role yet."),
          ...groups.map((group) => salaryTable(group, profile.sources)),
        ),
        h(
          "div",
          { id: "role-skills" },
          h(
            "p",
            { class: "muted" },
            "Essential skills are the ones a source marks as required for the role; optional ones help. Each list runs from the most important, with the source's importance (0 to 1) where it gives one.",
          ),
          skillList(essential, "Essential skills", "role-essential-title"),
          skillList(optional, "Optional skills", "role-optional-title"),
          h("h4", {}, `Tools (${tools.length})`),
          tools.length
            ? h(
                "ul",
                { class: "tools" },
                ...tools.map((t) =>
                  h("li", {}, `${t.name} `, h("span", { class: "muted" }, `(${t.category})`)),
                ),
              )
            : h("p", { class: "muted" }, "None listed."),
        ),
      ),
    );
  }
}
