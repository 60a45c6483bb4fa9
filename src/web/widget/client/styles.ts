/**
 * The widget's styles, inside its shadow root so that neither the host page nor the widget can
 * restyle the other. Themed only through the custom properties below (they inherit through the
 * shadow boundary) and the exported parts.
 */
export const CSS = `
:host {
  display: block;
  font: var(--related-jobs-font, 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--related-jobs-color, #1f2328);
  contain: content;
}
:host([hidden]) { display: none; }
.box {
  background: var(--related-jobs-background, #fff);
  border: var(--related-jobs-border, 1px solid #d0d7de);
  border-radius: var(--related-jobs-radius, 8px);
  padding: var(--related-jobs-padding, 12px 16px);
}
.heading { margin: 0 0 8px; font-weight: 600; font-size: 1.1em; }
ol { list-style: none; margin: 0; padding: 0; }
li { padding: 8px 0; border-top: 1px solid var(--related-jobs-divider, #eaeef2); }
li:first-child { border-top: 0; }
a {
  color: var(--related-jobs-link-color, var(--related-jobs-accent, #0969da));
  font-weight: 600;
  text-decoration: none;
  border-radius: 2px;
}
a:hover { text-decoration: underline; }
a:focus-visible {
  outline: 3px solid var(--related-jobs-focus-color, var(--related-jobs-accent, #0969da));
  outline-offset: 2px;
}
.head { display: flex; align-items: baseline; gap: 6px; }
.head a { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.relation { flex: none; white-space: nowrap; font-size: 0.8em; color: var(--related-jobs-muted-color, #59636e); }
.score { display: flex; align-items: center; gap: 8px; margin: 4px 0 2px; }
.bar {
  flex: 1;
  height: var(--related-jobs-bar-height, 6px);
  background: var(--related-jobs-bar-track, #eaeef2);
  border-radius: 999px;
  overflow: hidden;
}
.fill {
  display: block;
  height: 100%;
  background: var(--related-jobs-accent, #0969da);
  border-radius: inherit;
  transition: width 0.3s ease-out;
}
.pct { min-width: 3.5em; text-align: right; font-size: 0.85em; font-variant-numeric: tabular-nums; }
.explain { margin: 8px 0 0; padding-top: 8px; border-top: 1px solid var(--related-jobs-divider, #eaeef2); font-size: 0.8em; color: var(--related-jobs-muted-color, #59636e); }
.reasons, .status { margin: 0; font-size: 0.85em; color: var(--related-jobs-muted-color, #59636e); }
.status.error { color: var(--related-jobs-error-color, #b42318); }
.skeleton li { height: 2.6em; }
.skeleton li::before {
  content: ""; display: block; height: 0.9em; width: 60%;
  border-radius: 4px; background: var(--related-jobs-bar-track, #eaeef2);
}
@media (prefers-reduced-motion: reduce) { .fill { transition: none; } }
`;
