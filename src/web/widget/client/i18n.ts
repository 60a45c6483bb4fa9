/** The widget's own words; role and skill names stay as the API gives them. */

export interface Strings {
  heading: string;
  loading: string;
  shared: string;
  more: (n: number) => string;
  /** The meter's accessible name: what the percentage measures, for which job. */
  matchWith: (title: string) => string;
  percent: (n: number) => string;
  /** The meter's spoken value: the percentage and what it combines. */
  matchValue: (n: number) => string;
  /** One sentence under the list that explains every percentage in it. */
  explain: string;
  relation: Record<string, string>;
  empty: string;
  /** Never shows the id: visitors cannot act on it (the host page's console gets it). */
  unknownRole: string;
  unavailable: string;
}

const en: Strings = {
  heading: "Related jobs",
  loading: "Loading related jobs…",
  shared: "shared:",
  more: (n) => `+${n} more`,
  matchWith: (title) => `Match with ${title}`,
  percent: (n) => `${n}%`,
  matchValue: (n) => `${n}% match, from shared skills, tools, sectors and career links`,
  explain:
    "Match: half from the skills both jobs require, the rest from shared tools, sectors and known career links.",
  relation: { PROGRESSION: "Career step", RELATED: "Related", SIMILAR: "Similar skills" },
  empty: "No related jobs found.",
  unknownRole: "Related jobs are not available for this job yet.",
  unavailable: "Related jobs are unavailable right now.",
};

const fr: Strings = {
  heading: "Métiers proches",
  loading: "Chargement des métiers proches…",
  shared: "en commun :",
  more: (n) => `+${n} autres`,
  matchWith: (title) => `Proximité avec ${title}`,
  percent: (n) => `${n} %`,
  matchValue: (n) =>
    `${n} % de proximité, d’après les compétences, outils, secteurs et liens de carrière communs`,
  explain:
    "Proximité : pour moitié les compétences requises par les deux métiers, le reste les outils, secteurs et liens de carrière communs.",
  relation: { PROGRESSION: "Évolution", RELATED: "Apparenté", SIMILAR: "Compétences proches" },
  empty: "Aucun métier proche trouvé.",
  unknownRole: "Les métiers proches ne sont pas encore disponibles pour ce métier.",
  unavailable: "Les métiers proches sont indisponibles pour le moment.",
};

const catalog: Record<string, Strings> = { en, fr };

/** `fr-CA` → French, anything unknown → English. */
export function stringsFor(lang: string): Strings {
  return catalog[lang.toLowerCase().split("-")[0] ?? ""] ?? en;
}

export function languageOf(lang: string): string {
  const primary = lang.toLowerCase().split("-")[0] ?? "";
  return primary in catalog ? primary : "en";
}
