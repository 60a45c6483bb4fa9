/**
 * The demo page: three widgets, one per role, in English, French and a dark theme. Every URL is
 * relative to the page, so it works wherever the service runs, offline included.
 */
export const DEMO_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Related-jobs widget: demo</title>
<link rel="icon" href="data:,">
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; padding: 24px; background: #f6f8fa; color: #1f2328; }
  main { max-width: 1120px; margin: 0 auto; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(300px, 100%), 1fr)); gap: 20px; align-items: start; }
  figure { margin: 0; }
  figcaption { font-size: 13px; color: #59636e; margin-bottom: 6px; }
  .dark { padding: 12px; background: #0d1117; border-radius: 10px; }
  .dark related-jobs {
    --related-jobs-background: #161b22; --related-jobs-color: #e6edf3; --related-jobs-border: 1px solid #30363d;
    --related-jobs-accent: #2f81f7; --related-jobs-link-color: #58a6ff; --related-jobs-muted-color: #8d96a0;
    --related-jobs-bar-track: #30363d; --related-jobs-divider: #21262d;
  }
  .green related-jobs { --related-jobs-accent: #1a7f37; --related-jobs-radius: 2px; }
  pre { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 12px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
  @media (max-width: 480px) { body { padding: 12px; } }
</style>
</head>
<body>
<main>
  <h1>Related-jobs widget</h1>
  <p>Click a job to show the jobs related to it (the widget re-renders when its <code>role-id</code> changes).</p>
  <div class="grid">
    <figure>
      <figcaption>role-id="chief-operating-officer" lang="en"</figcaption>
      <related-jobs role-id="chief-operating-officer" limit="5" api="../graphql" lang="en"></related-jobs>
    </figure>
    <figure class="dark">
      <figcaption style="color:#8d96a0">role-id="supply-chain-director" lang="fr", dark theme</figcaption>
      <related-jobs role-id="supply-chain-director" limit="5" api="../graphql" lang="fr"></related-jobs>
    </figure>
    <figure class="green">
      <figcaption>role-id="logistics-director" lang="en", green accent</figcaption>
      <related-jobs role-id="logistics-director" limit="5" api="../graphql" lang="en"></related-jobs>
    </figure>
  </div>
  <h2>Embed it</h2>
  <pre id="snippet"></pre>
</main>
<script type="module" src="related-jobs.js"></script>
<script type="module">
  const script = new URL("related-jobs.js", location.href).href;
  const api = new URL("../graphql", location.href).href;
  document.getElementById("snippet").textContent =
    '<script type="module" src="' + script + '"></' + 'script>\\n' +
    '<related-jobs role-id="supply-chain-director" limit="5" api="' + api + '" lang="en"></related-jobs>';
  document.addEventListener("related-job-select", (event) => {
    event.preventDefault();
    event.target.setAttribute("role-id", event.detail.id);
  });
</script>
</body>
</html>
`;
