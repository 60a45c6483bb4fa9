/**
 * The explorer's HTML page. Styles are plain CSS in the page (system fonts only, so nothing is
 * fetched from the web); the behaviour is the bundled script, loaded as a module.
 */

const CSS = `
:root {
  --ink: #1d2633; --muted: #5b6777; --line: #d7dde6; --panel: #ffffff; --page: #f4f6f9;
  --accent: #2456a6; --start: #2f7d4f; --target: #b0601a; --error: #a32020;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--page); }
header { background: #1f3557; color: #fff; padding: 18px 28px; }
header h1 { margin: 0; font-size: 24px; }
header p { margin: 4px 0 0; color: #d4def0; }
header nav { margin-top: 8px; display: flex; gap: 16px; flex-wrap: wrap; }
header nav a { color: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 28px 40px; display: grid; gap: 22px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px 22px; }
section > h2 { margin: 0 0 4px; font-size: 20px; }
section > p.intro { margin: 0 0 14px; color: var(--muted); }
form.controls, .controls { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
.controls .button-cell { padding-top: 24px; }
label { display: block; font-weight: 600; font-size: 13px; margin-bottom: 4px; }
input[type=text], select { font: inherit; padding: 7px 10px; border: 1px solid #aab4c3; border-radius: 6px; background: #fff; color: inherit; }
input[type=text] { width: min(300px, 100%); }
input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid #8fb1ea; outline-offset: 1px; }
button { font: inherit; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: 8px 16px; }
button.primary:disabled { background: #9aa8bd; cursor: not-allowed; }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); border-radius: 6px; padding: 7px 14px; }
button.link { background: none; border: 0; padding: 0; color: var(--accent); text-decoration: underline; text-align: left; }
.role-search { position: relative; padding-bottom: 18px; }
.combo { position: relative; }
.listbox { position: absolute; z-index: 10; left: 0; top: calc(100% + 2px); min-width: 100%; width: max-content; max-width: min(460px, calc(100vw - 24px));
  margin: 0; padding: 4px 0; list-style: none; background: #fff; border: 1px solid #aab4c3; border-radius: 6px;
  box-shadow: 0 6px 18px rgba(20, 30, 50, 0.18); max-height: 320px; overflow-y: auto; }
.listbox li { padding: 6px 12px; cursor: pointer; overflow-wrap: anywhere; }
.listbox li[aria-selected=true], .listbox li:hover { background: #e3ecfa; }
.option-note { color: var(--muted); font-size: 13px; }
.hint { position: absolute; left: 0; right: 0; top: calc(100% - 17px); font-size: 12px; color: var(--muted);
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { margin: 12px 0; padding: 8px 12px; border-radius: 6px; background: #eef3fb; border-left: 4px solid var(--accent); }
.status[data-kind=loading] { background: #f3f4f6; border-left-color: #9aa8bd; }
.status[data-kind=empty] { background: #fff6e5; border-left-color: #d99a00; }
.status[data-kind=error] { background: #fdecec; border-left-color: var(--error); color: var(--error); font-weight: 600; }
.split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 18px; align-items: start; }
.graph { height: 480px; border: 1px solid var(--line); border-radius: 8px; background: #fbfcfe; }
.graph[hidden] + .legend { display: none; }
.legend { font-size: 13px; color: var(--muted); margin: 8px 0 0; display: flex; gap: 16px; flex-wrap: wrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; border: 2px solid; vertical-align: -2px; margin-right: 4px; }
.line { display: inline-block; width: 22px; height: 4px; border-radius: 2px; vertical-align: 3px; margin-right: 4px; background: #9fb3d1; }
.line.progression { background: #2f7d4f; }
.line.related { background: #b0601a; }
.swatch.start { background: #dcefe3; border-color: var(--start); }
.swatch.target { background: #fbe8d3; border-color: var(--target); }
ol.paths, ol.related { margin: 0; padding: 0; list-style: none; max-height: 520px; overflow-y: auto; }
li.path { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin-bottom: 10px; }
li.path h3 { margin: 0 0 4px; font-size: 14px; }
.path-roles { margin: 0 0 6px; }
ol.moves { margin: 0; padding-left: 20px; }
ol.moves > li { margin: 6px 0; }
.move-title { font-weight: 600; font-size: 14px; }
ul.skills { margin: 4px 0 0; padding-left: 18px; font-size: 13px; columns: 2; column-gap: 18px; }
details summary { cursor: pointer; color: var(--accent); font-size: 13px; }
.badge { display: inline-block; margin-left: 6px; padding: 0 7px; border-radius: 10px; font-size: 11px; font-weight: 600;
  background: #e8ebf0; color: #44516a; vertical-align: 1px; text-transform: lowercase; }
.badge.advancement, .badge.progression { background: #dcefe3; color: #1f5e39; }
.badge.lateral, .badge.related { background: #fbe8d3; color: #8a4a12; }
.badge.essential { background: #f6dede; color: #7a1f1f; }
.badge.optional { background: #e8ebf0; color: #44516a; }
.years { font-weight: normal; color: var(--muted); font-size: 13px; }
.explain { font-size: 13px; color: var(--muted); margin: 8px 0 0; max-width: 75ch; }
#role-profile h3, #gap h3 { margin: 6px 0 4px; font-size: 18px; }
#role-profile h4, #gap h4 { margin: 14px 0 6px; font-size: 15px; }
.summary { margin: 0 0 8px; max-width: 75ch; }
.role-grid, .gap-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(340px, 100%), 1fr)); gap: 8px 28px; align-items: start; }
#gap { margin-top: 18px; padding-top: 8px; border-top: 1px solid var(--line); }
.table-scroll { overflow-x: auto; max-width: 100%; }
table.salaries { border-collapse: collapse; font-size: 14px; margin: 6px 0 2px; min-width: 260px; }
table.salaries caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.salaries th, table.salaries td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
table.salaries td { font-variant-numeric: tabular-nums; }
.source, .note { font-size: 13px; margin: 2px 0 10px; }
ol.weighted { margin: 0; padding-left: 22px; font-size: 14px; }
ol.weighted li { margin: 2px 0; }
ol.weighted:not(.unfolded) li.folded { display: none; }
.importance { margin-left: 6px; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
ul.tools { margin: 0; padding-left: 18px; font-size: 14px; }
.pairs-title { font-size: 16px; margin: 18px 0 0; }
ol.pairs { margin: 6px 0 0; padding: 0; list-style: none; }
ol.pairs > li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.pair-names { font-weight: 600; font-size: 14px; overflow-wrap: anywhere; }
ol.related > li { padding: 8px 0; border-bottom: 1px solid var(--line); }
.related-head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; }
.score { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
.bar { flex: 1; height: 8px; background: #e6eaf0; border-radius: 4px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--accent); }
.score-value { font-variant-numeric: tabular-nums; font-size: 13px; width: 3em; text-align: right; }
.muted { color: var(--muted); }
.reasons { margin: 0; font-size: 13px; }
ul.chips { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; margin: 12px 0 0; }
.chip { display: inline-flex; align-items: center; gap: 6px; background: #e3ecfa; border: 1px solid #b8cbea; border-radius: 16px; padding: 3px 6px 3px 12px; font-size: 14px; }
.chip button { border: 0; background: #c9d8f1; border-radius: 50%; width: 22px; height: 22px; line-height: 20px; padding: 0; color: #1f3557; }
.chip button:hover { background: #a9c1ea; }
#overlap-count { font-size: 13px; color: var(--muted); }
figure { margin: 12px 0 0; }
#overlap-chart { width: 100%; border: 1px solid var(--line); border-radius: 8px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 8px; }
.actions { display: flex; gap: 12px; align-items: center; margin-top: 10px; flex-wrap: wrap; }
.role-search, .controls > div { min-width: 0; max-width: 100%; }
footer { max-width: 1280px; margin: 0 auto; padding: 0 28px 28px; color: var(--muted); font-size: 13px; }
noscript { display: block; padding: 12px 28px; background: #fdecec; }
@media (max-width: 900px) { .split { grid-template-columns: 1fr; } input[type=text] { width: 100%; } }
@media (max-width: 640px) {
  header { padding: 14px 16px; }
  header h1 { font-size: 21px; }
  main { padding: 12px 10px 28px; gap: 14px; }
  section { padding: 14px 12px 16px; }
  footer { padding: 0 12px 20px; }
  .controls > div, .role-search { flex: 1 1 100%; }
  .controls .button-cell { padding-top: 0; }
  .graph { height: 380px; }
  ul.skills { columns: 1; }
  ol.paths, ol.related { max-height: none; }
}
@media (max-width: 599px) { #overlap-chart, #overlap-png { display: none; } }
@media print {
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  body { background: #fff; font-size: 12px; }
  header { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--ink); }
  header p { color: var(--muted); }
  header nav, noscript, form.controls, .controls, .actions, .listbox, .hint, .chip button, #overlap-count { display: none !important; }
  main { padding: 8px 0; max-width: none; }
  section { border: 0; padding: 0; break-inside: auto; }
  section + section { break-before: page; }
  .graph, figure, table.salaries, li.path { break-inside: avoid; }
  ol.paths, ol.related { max-height: none; overflow: visible; }
  #overlap-chart { display: block; }
  a { color: inherit; }
  .status[data-kind=info] { display: none; }
  ol.weighted li.folded { display: list-item !important; }
}
`;

/** The page; `scriptUrl` is the bundle's address (versioned, so it can be cached for long). */
export function explorerHtml(scriptUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Career explorer — Management Careers Graph</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
<script type="module" src="${scriptUrl}"></script>
</head>
<body>
<header>
  <h1>Career explorer</h1>
  <p>Career paths between management roles, the roles around a role, and how much their skills overlap.</p>
  <nav aria-label="Sections">
    <a href="#role-section">A role</a>
    <a href="#paths-section">Career paths</a>
    <a href="#related-section">Related roles</a>
    <a href="#overlap-section">Skill overlap</a>
    <a href="/graphql">GraphQL playground</a>
  </nav>
</header>
<noscript>The career explorer needs JavaScript.</noscript>
<main>
  <section id="role-section" aria-labelledby="role-title">
    <h2 id="role-title">A role</h2>
    <p class="intro">What a role pays by experience, and the skills and tools it asks for.</p>
    <form id="role-form" class="controls">
      <div id="role-slot"></div>
    </form>
    <p id="role-status" class="status" role="status" hidden></p>
    <div id="role-profile" hidden></div>
  </section>

  <section id="paths-section" aria-labelledby="paths-title">
    <h2 id="paths-title">Career paths</h2>
    <p class="intro">The shortest sequences of career moves between two roles, and the essential skills each move asks for.</p>
    <form id="paths-form" class="controls">
      <div id="from-slot"></div>
      <div id="to-slot"></div>
      <div><label for="max-steps">At most</label>
        <select id="max-steps"><option value="1">1 move</option><option value="2">2 moves</option><option value="3">3 moves</option><option value="4">4 moves</option><option value="5">5 moves</option><option value="6">6 moves</option></select></div>
      <div><label for="path-limit">Show</label>
        <select id="path-limit"><option value="1">1 path</option><option value="3">3 paths</option><option value="5">5 paths</option><option value="10">10 paths</option></select></div>
      <div class="button-cell"><button type="submit" class="primary">Show paths</button></div>
    </form>
    <p id="paths-status" class="status" role="status" hidden></p>
    <div class="split">
      <div>
        <div id="paths-graph" class="graph" role="img" aria-label="Drawing of the career paths: roles as boxes, moves as arrows" hidden></div>
        <p class="legend"><span><span class="swatch start"></span>start</span><span><span class="swatch target"></span>target</span><span>solid arrow: advancement, dashed: lateral move</span><span>arrow label: skills to acquire and typical years (tap an arrow to list them)</span></p>
        <div class="actions"><button type="button" id="paths-png" class="secondary" disabled>Download the drawing (PNG)</button></div>
      </div>
      <ol id="paths-list" class="paths" aria-label="Career paths, step by step"></ol>
    </div>
    <div id="gap" aria-live="polite" hidden></div>
  </section>

  <section id="related-section" aria-labelledby="related-title">
    <h2 id="related-title">Related roles</h2>
    <p class="intro">The roles closest to a role by shared skills, tools and sectors and by known career links.</p>
    <p class="explain" id="related-explain">The <strong>related score</strong> (0 to 1) is half the skill overlap
      (Jaccard index of required skills), plus 0.2 × the tool overlap and 0.1 × the sector overlap (in full once the
      roles share 5 % of their skills, in proportion below), plus 0.2 × the confidence of a career link a source states.
      It is therefore higher than the pair's skill overlap in the section below whenever the roles share tools or
      sectors or a career link.</p>
    <form id="related-form" class="controls">
      <div id="related-slot"></div>
      <div><label for="related-limit">Show</label>
        <select id="related-limit"><option value="5">5 roles</option><option value="8">8 roles</option><option value="12">12 roles</option><option value="20">20 roles</option></select></div>
    </form>
    <p id="related-status" class="status" role="status" hidden></p>
    <div class="split">
      <div>
        <div id="related-graph" class="graph" role="img" aria-label="Star drawing of the related roles, edge width by score" hidden></div>
        <p class="legend"><span><span class="line progression"></span>career move</span><span><span class="line related"></span>related</span><span><span class="line similar"></span>similar skills</span><span>thicker line, higher related score</span></p>
        <div class="actions"><button type="button" id="related-png" class="secondary" disabled>Download the drawing (PNG)</button></div>
      </div>
      <ol id="related-list" class="related" aria-label="Related roles, best first"></ol>
    </div>
  </section>

  <section id="overlap-section" aria-labelledby="overlap-title">
    <h2 id="overlap-title">Skill overlap</h2>
    <p class="intro">Compare the required skills of 2 to 50 roles, pair by pair.</p>
    <div class="controls">
      <div id="overlap-slot"></div>
      <div class="button-cell"><button type="button" id="overlap-clear" class="secondary">Clear the set</button></div>
    </div>
    <span id="overlap-count"></span>
    <ul id="overlap-set" class="chips" aria-label="Roles in the set"></ul>
    <p id="overlap-status" class="status" role="status" hidden></p>
    <figure id="overlap-figure" hidden>
      <div id="overlap-chart" role="img" aria-label="Heatmap of the pairwise Jaccard index of required skills"></div>
      <figcaption id="overlap-caption">Each cell is the <strong>Jaccard index of the two roles' required skills</strong>
        (essential and optional alike): the number of skills both require divided by the number either requires,
        from 0 (no skill in common) to 1 (the same skills). It counts skills only, so it is lower than the
        related score above, which also counts tools, sectors and career links. The colours run from 0 to the most alike
        pair of the set; the diagonal, a role compared with itself (1, or 0 for a role without required skills), is grey.
        The CSV holds the same matrix: a header row of role ids, then one row per role whose first column is the
        role id and whose cells are the Jaccard indices, unrounded, in the header's order.</figcaption>
      <div class="actions">
        <button type="button" id="overlap-download" class="primary" disabled>Download CSV</button>
        <button type="button" id="overlap-png" class="secondary" disabled>Download the heatmap (PNG)</button>
      </div>
      <h3 class="pairs-title" id="overlap-pairs-title">Pairs, most alike first</h3>
      <ol id="overlap-pairs" class="pairs" aria-labelledby="overlap-pairs-title"></ol>
      <p id="overlap-common" class="muted"></p>
    </figure>
  </section>
</main>
<footer>Data: the Management Careers Graph (curated articles, ESCO, O*NET, ROME, BLS); every score and path comes from its GraphQL API at <a href="/graphql">/graphql</a>.</footer>
</body>
</html>
`;
}
