/**
 * The skill gap between two roles (`compareRoles`): the skills the target requires that the start
 * lacks, essential first and then by importance (the API's order), and the tools to learn.
 */
import { displayTitle } from "../../shared/display-title.js";
import type { SkillGap } from "./api.js";
import { formatScore, h } from "./dom.js";

/** Optional skills shown before the list folds; every essential skill is always shown. */
const SHOWN = 12;

export class GapView {
  constructor(private readonly container: HTMLElement) {}

  clear(): void {
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  /** A button that shows the folded optional skills, when there are any. */
  private unfold(gap: SkillGap): HTMLElement | string {
    const folded = gap.missingSkills.filter((s, i) => i >= SHOWN && !s.essential).length;
    if (folded === 0) return "";
    const button = h(
      "button",
      { type: "button", class: "link", "aria-controls": "gap-skills", "aria-expanded": "false" },
      `Show ${folded} more optional skills`,
    );
    button.addEventListener("click", () => {
      this.container.querySelector("#gap-skills")?.classList.add("unfolded");
      button.remove();
    });
    return button;
  }

  show(gap: SkillGap): void {
    const from = displayTitle(gap.from.title);
    const to = displayTitle(gap.to.title);
    const essential = gap.missingSkills.filter((s) => s.essential).length;
    this.container.hidden = false;
    this.container.replaceChildren(
      h("h3", { id: "gap-title" }, `Skill gap: from ${from} to ${to}`),
      h(
        "p",
        { class: "gap-summary" },
        `${to} requires ${gap.missingSkills.length} skill${gap.missingSkills.length === 1 ? "" : "s"} that ${from} does not (${essential} essential), and uses ${gap.toolsToLearn.length} tool${gap.toolsToLearn.length === 1 ? "" : "s"} that ${from} does not. They share ${gap.sharedSkills.length} skills: a skill overlap (Jaccard index) of ${formatScore(gap.jaccard)}, the shared skills divided by all the skills either requires.`,
      ),
      h(
        "div",
        { class: "gap-grid" },
        h(
          "div",
          {},
          h("h4", { id: "gap-skills-title" }, "Skills to gain, most needed first"),
          gap.missingSkills.length
            ? h(
                "ol",
                { id: "gap-skills", class: "weighted", "aria-labelledby": "gap-skills-title" },
                ...gap.missingSkills.map((s, i) =>
                  h(
                    "li",
                    {
                      "data-skill-id": s.id,
                      "data-essential": String(s.essential),
                      // Past the essential ones and the first few, the list folds (see below).
                      class: i >= SHOWN && !s.essential ? "folded" : undefined,
                    },
                    h("span", {}, s.name),
                    h(
                      "span",
                      { class: `badge ${s.essential ? "essential" : "optional"}` },
                      s.essential ? "essential" : "optional",
                    ),
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
            : h("p", { class: "muted" }, `No skill to gain: ${from} already has every skill ${to} requires.`),
          this.unfold(gap),
        ),
        h(
          "div",
          {},
          h("h4", { id: "gap-tools-title" }, "Tools to learn"),
          gap.toolsToLearn.length
            ? h(
                "ul",
                { id: "gap-tools", class: "tools", "aria-labelledby": "gap-tools-title" },
                ...gap.toolsToLearn.map((t) => h("li", {}, t.name)),
              )
            : h("p", { class: "muted" }, "No new tool."),
        ),
      ),
    );
  }
}
