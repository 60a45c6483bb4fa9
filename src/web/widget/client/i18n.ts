/** The widget's own words; role and skill names stay as the API gives them. */

export interface Strings {
  heading: string;
  loading: string;
  shared: string;
  more: (n: number) => string;
  match: string;
  percent: (n: number) => string;
  relation: Record<string, string>;
  empty: string;
  unknownRole: (id: string) => string;
  unavailable: string;
}

const en: Strings = {
  heading: "Related jobs",
  loading: "Loading related jobs…",
  shared: "shared:",
  more: (n) => `+${n} more`,
  match: "Match",
  percent: (n) => `${n}%`,
  relation: { PROGRESSION: "Career step", RELATED: "Related", SIMILAR: "Similar skills" },
  empty: "No related jobs found.",
  unknownRole: (id) => `Unknown job “${id}”.`,
  unavailable: "Related jobs are unavailable right now.",
};

const fr: Strings = {
  heading: "Métiers proches",
  loading: "Chargement des métiers proches…",
  shared: "en commun :",
  more: (n) => `+${n} autres`,
  match: "Proximité",
  percent: (n) => `${n} %`,
  relation: { PROGRESSION: "Évolution", RELATED: "Apparenté", SIMILAR: "Compétences proches" },
  empty: "Aucun métier proche trouvé.",
  unknownRole: (id) => `Métier inconnu « ${id} ».`,
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
