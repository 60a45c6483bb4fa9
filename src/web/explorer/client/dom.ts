/** Small DOM helpers: elements are built with textContent, never innerHTML, so API text stays text. */

type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

export type StatusKind = "info" | "loading" | "error" | "empty";

/** Shows one status line (role="status" so screen readers hear it) or hides it when text is null. */
export function setStatus(element: HTMLElement, kind: StatusKind, text: string | null): void {
  element.hidden = text === null;
  element.textContent = text ?? "";
  element.dataset.kind = kind;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function formatScore(value: number): string {
  return value.toFixed(2);
}

/** Saves a data: or blob: URL as a file (the drawings' PNG export). */
export function saveUrl(url: string, filename: string): void {
  const link = h("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

/** Smallest on-screen size of a drawing's labels, in CSS pixels: below it, zoom in and let the user pan. */
export const MIN_LABEL_PX = 11;

/** Whether the page is phone-width: the drawings and the heatmap change form below this. */
export function isNarrow(element: HTMLElement): boolean {
  return element.getBoundingClientRect().width < 600 || window.innerWidth < 640;
}
