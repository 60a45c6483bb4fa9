/** Kebab-case slug of a label: accents dropped, anything else than a-z and 0-9 becomes one dash. */
export function slugify(label: string): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Last segment of an ESCO URI (a UUID or a code), for ids that must stay unique. */
export function uriTail(uri: string): string {
  return uri.slice(uri.lastIndexOf("/") + 1).toLowerCase();
}

/** Splits ESCO's newline-separated label lists. */
export function splitLabels(text: string | undefined): string[] {
  return (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
