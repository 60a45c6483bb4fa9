/**
 * A role picker: a text input with a listbox of `searchRoles` hits, following the WAI-ARIA
 * combobox pattern (arrow keys move, Enter picks, Escape closes) so it works without a mouse.
 * Typing is debounced and only the answer to the latest text is shown.
 */
import { ApiError, errorMessage, searchRoles, type RoleRef, type SearchHit } from "./api.js";
import { debounce, h } from "./dom.js";
import { displayTitle } from "../../shared/display-title.js";

const DEBOUNCE_MS = 200;
const MAX_HITS = 8;

export interface RoleSearchOptions {
  /** Stable prefix for element ids (the test and labels find the input as `${id}-input`). */
  id: string;
  label: string;
  placeholder?: string;
  /** Called when a role is picked, or with null when the text no longer names the picked role. */
  onChange?: (role: RoleRef | null) => void;
  /** Clears the input after a pick (for "add to the set" pickers). */
  clearOnPick?: boolean;
}

export class RoleSearch {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly listbox: HTMLUListElement;
  private readonly hint: HTMLElement;
  private hits: SearchHit[] = [];
  private active = -1;
  private selected: RoleRef | null = null;
  private sequence = 0;
  private controller: AbortController | null = null;

  constructor(private readonly options: RoleSearchOptions) {
    const { id } = options;
    this.input = h("input", {
      id: `${id}-input`,
      type: "text",
      role: "combobox",
      autocomplete: "off",
      spellcheck: "false",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": `${id}-listbox`,
      placeholder: options.placeholder ?? "Type a job title…",
    });
    this.listbox = h("ul", {
      id: `${id}-listbox`,
      role: "listbox",
      class: "listbox",
      "aria-label": options.label,
    });
    this.listbox.hidden = true;
    this.hint = h("div", { id: `${id}-hint`, class: "hint", "aria-live": "polite" });
    this.input.setAttribute("aria-describedby", this.hint.id);
    this.element = h(
      "div",
      { class: "role-search" },
      h("label", { for: this.input.id }, options.label),
      h("div", { class: "combo" }, this.input, this.listbox),
      this.hint,
    );

    const search = debounce((text: string) => void this.search(text), DEBOUNCE_MS);
    this.input.addEventListener("input", () => {
      if (this.selected && this.input.value !== displayTitle(this.selected.title)) this.pick(null);
      const text = this.input.value.trim();
      if (text.length === 0) {
        this.sequence++;
        this.close();
        this.hint.textContent = "";
        return;
      }
      search(text);
    });
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("blur", () => {
      // Let a click on an option land before the list disappears.
      setTimeout(() => this.close(), 150);
    });
    // mousedown, not click: picking must happen before the input loses focus.
    this.listbox.addEventListener("mousedown", (event) => {
      const option = (event.target as HTMLElement).closest<HTMLElement>("[role=option]");
      if (!option) return;
      event.preventDefault();
      const hit = this.hits[Number(option.dataset.index)];
      if (hit) this.choose(hit);
    });
  }

  get value(): RoleRef | null {
    return this.selected;
  }

  /** Sets the picked role from outside (deep links, clicks on the drawing) without firing onChange. */
  set(role: RoleRef | null): void {
    this.selected = role;
    this.input.value = role ? displayTitle(role.title) : "";
    this.input.dataset.roleId = role?.id ?? "";
    this.hint.textContent = role ? `Selected: ${role.id}` : "";
  }

  private pick(role: RoleRef | null): void {
    this.set(role);
    this.options.onChange?.(role);
  }

  private choose(hit: SearchHit): void {
    this.close();
    this.pick(hit.role);
    if (this.options.clearOnPick) this.set(null);
  }

  private async search(text: string): Promise<void> {
    const sequence = ++this.sequence;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.hint.textContent = "Searching…";
    try {
      const hits = await searchRoles(text, MAX_HITS, controller.signal);
      if (sequence !== this.sequence) return;
      this.hits = hits;
      this.render();
      this.hint.textContent = hits.length
        ? `${hits.length} match${hits.length === 1 ? "" : "es"}: arrow keys, then Enter`
        : `No role matches “${text}”.`;
    } catch (error) {
      if (controller.signal.aborted || sequence !== this.sequence) return;
      this.hits = [];
      this.close();
      this.hint.textContent = error instanceof ApiError ? errorMessage(error) : "The search failed.";
    }
  }

  private render(): void {
    this.active = -1;
    this.listbox.replaceChildren(
      ...this.hits.map((hit, index) =>
        h(
          "li",
          {
            id: `${this.options.id}-option-${index}`,
            role: "option",
            "aria-selected": "false",
            "data-index": index,
          },
          h("span", { class: "option-title" }, displayTitle(hit.role.title)),
          hit.matchedTitle.toLowerCase() !== hit.role.title.toLowerCase()
            ? h("span", { class: "option-note" }, ` matched “${hit.matchedTitle}”`)
            : null,
        ),
      ),
    );
    const open = this.hits.length > 0;
    this.listbox.hidden = !open;
    // Never wider than the room between the input's left edge and the viewport's right edge.
    const left = this.input.getBoundingClientRect().left;
    this.listbox.style.maxWidth = `${Math.max(200, Math.min(460, document.documentElement.clientWidth - left - 8))}px`;
    this.input.setAttribute("aria-expanded", String(open));
    this.input.removeAttribute("aria-activedescendant");
  }

  private close(): void {
    this.listbox.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  private setActive(index: number): void {
    const options = this.listbox.querySelectorAll<HTMLElement>("[role=option]");
    this.active = index;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    const current = options[index];
    if (current) {
      this.input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    }
  }

  private onKey(event: KeyboardEvent): void {
    const open = !this.listbox.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open && this.hits.length) this.render();
        if (this.hits.length) this.setActive((this.active + 1) % this.hits.length);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open && this.hits.length) this.render();
        if (this.hits.length) this.setActive((this.active - 1 + this.hits.length) % this.hits.length);
        break;
      case "Enter": {
        const hit = open ? this.hits[this.active] : undefined;
        if (hit) {
          event.preventDefault();
          this.choose(hit);
        }
        break;
      }
      case "Escape":
        if (open) {
          event.preventDefault();
          this.close();
        }
        break;
    }
  }
}
