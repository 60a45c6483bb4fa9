/** Entry of /widget/related-jobs.js: defines <related-jobs> once, even if the script loads twice. */
import { RelatedJobsElement } from "./related-jobs-element.js";

if (!customElements.get("related-jobs")) customElements.define("related-jobs", RelatedJobsElement);

export { RelatedJobsElement };
