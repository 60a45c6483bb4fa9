/**
 * The related-jobs widget in Chromium, embedded in a page of ANOTHER origin (a second HTTP server
 * on another port), against the real service and the seeded graph.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/db/embedded-neo4j.js";
import { displayTitle } from "../../src/web/shared/display-title.js";
import { RELATED_JOBS_QUERY } from "../../src/web/widget/client/query.js";
import { TestHelper } from "../utils/test-helper.js";
import { COO } from "../utils/known-ids.js";
import { launchChromium, openPage, screenshot, SCREENSHOT_DIR, type WatchedPage } from "./browser.js";

interface Related {
  score: number;
  relation: string;
  role: { id: string; title: string };
  sharedSkills: { name: string }[];
}

const ITEMS = "related-jobs [part=list] > li";
/** The machine may be busy (2 cores, a JVM, other suites): a render may take seconds, not ms. */
const WAIT = { timeout: 20_000, interval: 100 };

describe("The related-jobs widget in a browser, on another origin", () => {
  const helper = new TestHelper();
  let browser: Browser;
  let host: Server;
  let hostUrl: string;
  /** Pages of the host site, by path; each test registers the one it needs. */
  const pages = new Map<string, string>();
  const opened: WatchedPage[] = [];

  beforeAll(async () => {
    await helper.start();
    browser = await launchChromium();
    host = createServer((req, res) => {
      const html = pages.get(req.url ?? "");
      res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" }).end(html ?? "");
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(opened.map((p) => p.context.close()));
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await helper.close();
  });

  /** A job page of the host site embedding the widget(s) with the service's script. */
  function hostPage(path: string, widgets: string): string {
    pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A job board</title>
<link rel="icon" href="data:,">
<style>body { font-family: sans-serif; margin: 24px; max-width: 560px; }</style></head>
<body><h1>Chief Operating Officer</h1><p>A job page on another site.</p>
${widgets}
<script type="module" src="${helper.url}/widget/related-jobs.js"></script></body></html>`,
    );
    return `${hostUrl}${path}`;
  }

  async function open(url: string): Promise<WatchedPage & { graphqlGets: () => number }> {
    const watched = await openPage(browser);
    opened.push(watched);
    const requests: Request[] = [];
    watched.page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/graphql") requests.push(request);
    });
    await watched.page.goto(url);
    return { ...watched, graphqlGets: () => requests.filter((r) => r.method() === "GET").length };
  }

  async function related(id: string, limit: number, lang: "EN" | "FR" = "EN"): Promise<Related[]> {
    const response = await helper.executeGraphQL<{ roles: { relatedRoles: Related[] }[] }>(
      RELATED_JOBS_QUERY,
      {
        id,
        limit,
        lang,
      },
    );
    return response.body.data?.roles[0]?.relatedRoles ?? [];
  }

  /** The widget's message once it has stopped loading. */
  async function finalStatus(page: Page): Promise<string> {
    const status = page.locator("related-jobs [part=status]").first();
    await expect.poll(() => status.textContent(), WAIT).not.toMatch(/^(Loading|Chargement)|^$/);
    return (await status.textContent()) ?? "";
  }

  it("renders the COO's 5 related jobs with a title, a score bar and shared skills, from one GET", async () => {
    const expected = await related(COO, 5);
    expect(expected).toHaveLength(5);
    const { page, errors, offsite, graphqlGets } = await open(
      hostPage(
        "/coo",
        `<related-jobs role-id="${COO}" limit="5" api="${helper.url}/graphql"></related-jobs>`,
      ),
    );
    const items = page.locator(ITEMS);
    await expect.poll(() => items.count(), WAIT).toBe(5);

    for (const [i, job] of expected.entries()) {
      const item = items.nth(i);
      const title = displayTitle(job.role.title);
      expect(await item.locator("a").textContent()).toBe(title);
      const bar = item.locator("[part=bar]");
      const pct = Math.round(job.score * 100);
      expect(await bar.getAttribute("aria-valuenow")).toBe(String(pct));
      // The meter names what it measures and for which job, and says what the percentage combines.
      expect(await bar.getAttribute("aria-label")).toBe(`Match with ${title}`);
      expect(await bar.getAttribute("aria-valuetext")).toMatch(
        new RegExp(`^${pct}% match, from shared skills`),
      );
      const fill = await item.locator("[part=bar-fill]").boundingBox();
      const track = await bar.boundingBox();
      expect(fill && track ? fill.width / track.width : -1).toBeCloseTo(job.score, 1);
      const reasons = (await item.locator("[part=reasons]").textContent()) ?? "";
      expect(job.sharedSkills.length).toBeGreaterThan(0);
      expect(reasons.startsWith("shared: ")).toBe(true);
      for (const skill of job.sharedSkills.slice(0, 3)) expect(reasons).toContain(skill.name);
    }

    expect(graphqlGets()).toBe(1);
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);

    // Structured data in the light DOM, where crawlers read it.
    const jsonLd = await page.$$eval('related-jobs > script[type="application/ld+json"]', (scripts) =>
      scripts.map((s) => JSON.parse(s.textContent ?? "null") as unknown),
    );
    expect(jsonLd).toHaveLength(1);
    const list = jsonLd[0] as {
      "@context": string;
      itemListElement: { item: { "@type": string; name: string } }[];
    };
    expect(list["@context"]).toBe("https://schema.org");
    const occupations = list.itemListElement.map((e) => e.item);
    expect(occupations.map((o) => o["@type"])).toEqual(Array(5).fill("Occupation"));
    expect(occupations.map((o) => o.name)).toEqual(expected.map((j) => displayTitle(j.role.title)));
    expect(await page.locator("related-jobs [part=explain]").textContent()).toMatch(
      /^Match: half from the skills/,
    );

    // Keyboard: the first Tab of the page lands on the first job's link, with a visible focus ring.
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const active = document.activeElement?.shadowRoot?.activeElement;
      return active ? { text: active.textContent, outline: getComputedStyle(active).outlineStyle } : null;
    });
    expect(focused).toEqual({ text: displayTitle(expected[0]?.role.title ?? ""), outline: "solid" });
    await screenshot(page, "widget-coo");
  });

  it("re-renders when its attributes change: a new limit or language is one more GET, a new link none", async () => {
    const { page, graphqlGets, errors } = await open(
      // No api attribute: the widget asks the API that served its script.
      hostPage("/attrs", `<related-jobs role-id="${COO}" limit="5"></related-jobs>`),
    );
    await expect.poll(() => page.locator(ITEMS).count(), WAIT).toBe(5);
    expect(graphqlGets()).toBe(1);

    await page.locator("related-jobs").evaluate((el) => el.setAttribute("limit", "3"));
    await expect.poll(() => page.locator(ITEMS).count(), WAIT).toBe(3);
    expect(graphqlGets()).toBe(2);

    await page.locator("related-jobs").evaluate((el) => el.setAttribute("lang", "fr"));
    await expect
      .poll(() => page.locator("related-jobs [part=heading]").textContent(), WAIT)
      .toBe("Métiers proches");
    const reasons = await page.locator(`${ITEMS} [part=reasons]`).first().textContent();
    expect(reasons).toMatch(/^en commun : /);
    // French titles and skill names come from the API: one more request.
    expect(graphqlGets()).toBe(3);

    // A link template of the host site's own job pages: links and JSON-LD follow, no new request.
    await page.locator("related-jobs").evaluate((el) => el.setAttribute("link", "/jobs/{id}.html"));
    const first = page.locator(`${ITEMS} a`).first();
    const firstId = (await related(COO, 3))[0]?.role.id ?? "";
    await expect.poll(() => first.getAttribute("href"), WAIT).toBe(`/jobs/${firstId}.html`);
    const url = await page.$eval(
      'related-jobs > script[type="application/ld+json"]',
      (s) =>
        (JSON.parse(s.textContent ?? "{}") as { itemListElement: { item: { url?: string } }[] })
          .itemListElement[0]?.item.url,
    );
    expect(url).toBe(`${hostUrl}/jobs/${firstId}.html`);
    expect(graphqlGets()).toBe(3);
    expect(errors).toEqual([]);
  });

  it('shows French role titles and skill names with lang="fr", English where the data has no French', async () => {
    const expected = await related(COO, 5, "FR");
    expect(expected).toHaveLength(5);
    // Independently of the API: the French labels the seed stored, by role and by skill name.
    const stored = await helper.executeCypher<{ id: string; title: string; titleFr: string | null }>(
      "MATCH (r:Role) WHERE r.id IN $ids RETURN r.id AS id, r.title AS title, r.titleFr AS titleFr",
      { ids: expected.map((j) => j.role.id) },
    );
    const { page, errors } = await open(
      hostPage(
        "/fr",
        `<related-jobs role="${COO}" limit="5" lang="fr" api="${helper.url}/graphql"></related-jobs>`,
      ),
    );
    const items = page.locator(ITEMS);
    await expect.poll(() => items.count(), WAIT).toBe(5);
    let french = 0;
    for (const [i, job] of expected.entries()) {
      const row = stored.find((r) => r.id === job.role.id);
      const title = (await items.nth(i).locator("a").textContent()) ?? "";
      // Shown in French display casing (a capital on the first word), English where no French exists.
      expect(title).toBe(displayTitle(row?.titleFr ?? row?.title ?? "", "fr"));
      if (row?.titleFr) french++;
      const reasons = (await items.nth(i).locator("[part=reasons]").textContent()) ?? "";
      for (const skill of job.sharedSkills.slice(0, 3)) expect(reasons).toContain(skill.name);
    }
    expect(french).toBeGreaterThan(0);
    const skillNames = expected.flatMap((j) => j.sharedSkills.slice(0, 3).map((s) => s.name));
    const frenchSkills = await helper.executeCypher<{ n: number }>(
      "MATCH (s:Skill) WHERE s.nameFr IN $names RETURN count(s) AS n",
      { names: skillNames },
    );
    expect(frenchSkills[0]?.n ?? 0).toBeGreaterThan(0);
    await screenshot(page, "widget-fr");
    expect(errors).toEqual([]);
  });

  it("shows a loading message while the API answers", async () => {
    const watched = await openPage(browser);
    opened.push(watched);
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await watched.page.route(
      (url) => url.pathname === "/graphql",
      async (route) => {
        await held;
        await route.fallback();
      },
    );
    await watched.page.goto(
      hostPage(
        "/slow",
        `<related-jobs role-id="${COO}" limit="5" api="${helper.url}/graphql"></related-jobs>`,
      ),
    );
    const status = watched.page.locator("related-jobs [part=status]");
    await expect.poll(() => status.textContent(), WAIT).toBe("Loading related jobs…");
    expect(await watched.page.locator("related-jobs [part=box]").getAttribute("aria-busy")).toBe("true");
    release();
    await expect.poll(() => watched.page.locator(ITEMS).count(), WAIT).toBe(5);
  });

  it("says so when the role is unknown, without showing visitors the id", async () => {
    const { page, errors } = await open(
      hostPage(
        "/unknown",
        `<related-jobs role-id="no-such-role" api="${helper.url}/graphql"></related-jobs>`,
      ),
    );
    expect(await finalStatus(page)).toBe("Related jobs are not available for this job yet.");
    expect(await page.locator(ITEMS).count()).toBe(0);
    expect(await page.locator('related-jobs > script[type="application/ld+json"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await screenshot(page, "widget-unknown-role");
  });

  it("hides itself quietly with hide-if-empty when the role is unknown, and still reports its state", async () => {
    const { page, errors } = await open(
      hostPage(
        "/hidden",
        `<related-jobs role-id="no-such-role" hide-if-empty api="${helper.url}/graphql"></related-jobs>
<script>document.querySelector("related-jobs").addEventListener("related-jobs-state",
  (e) => document.body.dataset.state = e.detail.state);</script>`,
      ),
    );
    await expect.poll(() => page.getAttribute("body", "data-state"), WAIT).toBe("unknown-role");
    expect(await page.locator("related-jobs [part=box]").count()).toBe(0);
    expect((await page.locator("related-jobs").boundingBox())?.height).toBe(0);
    expect(errors).toEqual([]);
  });

  it("still reads the deprecated role attribute, with a warning for the page's developer", async () => {
    const watched = await open(
      hostPage(
        "/legacy",
        `<related-jobs role="${COO}" limit="3" api="${helper.url}/graphql"></related-jobs>`,
      ),
    );
    const warnings: string[] = [];
    watched.page.on("console", (m) => {
      if (m.type() === "warning") warnings.push(m.text());
    });
    await watched.page.reload();
    await expect.poll(() => watched.page.locator(ITEMS).count(), WAIT).toBe(3);
    expect(warnings.some((w) => w.includes("role-id"))).toBe(true);
    expect(watched.errors).toEqual([]);
  });

  it("says so when the API is down", async () => {
    const closedPort = await freePort();
    const { page } = await open(
      hostPage(
        "/down",
        `<related-jobs role-id="${COO}" lang="fr" api="http://127.0.0.1:${closedPort}/graphql"></related-jobs>`,
      ),
    );
    expect(await finalStatus(page)).toBe("Les métiers proches sont indisponibles pour le moment.");
    await screenshot(page, "widget-api-down");
  });

  it("shows three roles on its demo page, offline, and follows a click to the chosen job", async () => {
    const { page, errors, offsite } = await open(`${helper.url}/widget/demo`);
    const widgets = page.locator("related-jobs");
    expect(await widgets.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      await expect.poll(() => widgets.nth(i).locator("[part=list] > li").count(), WAIT).toBe(5);
    }
    await screenshot(page, "widget-demo");
    // The three widgets alone (the page's embed snippet shows this run's port), for docs/widget.png.
    await page.locator(".grid").screenshot({ path: path.join(SCREENSHOT_DIR, "widget-demo-widgets.png") });

    const first = widgets.nth(0);
    const target = first.locator("[part=list] > li a").first();
    const targetTitle = await target.textContent();
    await target.click();
    await expect.poll(() => first.getAttribute("role-id"), WAIT).not.toBe(COO);
    const chosen = (await first.getAttribute("role-id")) ?? "";
    const expected = await related(chosen, 5);
    await expect
      .poll(async () => first.locator("[part=list] > li a").allTextContents(), WAIT)
      .toEqual(expected.map((j) => displayTitle(j.role.title)));
    expect(targetTitle).toBeTruthy();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });
});
