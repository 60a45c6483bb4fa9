/** schema.org markup for the listed roles, so that a crawler sees what the box shows (same casing). */
import { displayTitle } from "../../shared/display-title.js";
import type { RelatedJob } from "./query.js";

export function occupationList(
  role: { title: string },
  jobs: readonly RelatedJob[],
  heading: string,
  hrefOf: (job: RelatedJob) => string | null,
): object {
  return {
    "@context": "https://schema.org",
    "@type": "ItemList",
    name: `${heading}: ${displayTitle(role.title)}`,
    itemListElement: jobs.map((job, i) => ({
      "@type": "ListItem",
      position: i + 1,
      item: {
        "@type": "Occupation",
        name: displayTitle(job.title),
        identifier: job.id,
        ...(job.iscoCode
          ? {
              occupationalCategory: {
                "@type": "CategoryCode",
                codeValue: job.iscoCode,
                inCodeSet: "ISCO-08",
              },
            }
          : {}),
        ...(job.escoUri ? { sameAs: job.escoUri } : {}),
        ...(hrefOf(job) ? { url: hrefOf(job) } : {}),
      },
    })),
  };
}

/** JSON for a <script> element: `<` escaped so that a title can never close the element. */
export function scriptText(value: object): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
