/**
 * axe-core in Chromium on every page we serve to people, at a phone width (375 px) and a desktop
 * width (1280 px): the widget's demo, the widget on a page of another origin, and each view of
 * the explorer. Our own pages must have no critical or serious violation and must not scroll
 * sideways on a phone. GraphiQL's own violations (a third-party app) are only listed apart.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readExamples } from "../../src/schema/examples.js";
import { TestHelper } from "../utils/test-helper.js";
import { COO } from "../utils/known-ids.js";
import { launchChromium, screenshot } from "./browser.js";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [375, 1280] as const;
const OVERLAP = [
  "chief-operating-officer",
  "operations-manager",
  "supply-chain-director",
  "logistics-director",
  "chief-executive-officer",
];
const EXPLORER_VIEWS: Record<string, string> = {
  role: `/explore?role=${COO}`,
  paths: "/explore?from=operations-manager&to=chief-executive-officer",
  related: `/explore?related=${COO}`,
  overlap: `/explore?overlap=${OVERLAP.join(",")}`,
};

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is; returns the critical and serious violations. */
async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }));
  });
}

/** How far the page scrolls sideways (0 = not at all). */
function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe("Accessibility and phone layout of our pages, in Chromium with axe-core", () => {
  const helper = new TestHelper();
  let browser: Browser;
  let host: Server;
  let hostUrl: string;

  beforeAll(async () => {
    await helper.start();
    browser = await launchChromium();
    // A job board on another origin embedding the widget, as its README snippet says.
    host = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chief Operating Officer: a job board</title><link rel="icon" href="data:,"></head>
<body><main><h1>Chief Operating Officer</h1><p>A job page on another site.</p>
<related-jobs role-id="${COO}" limit="5" api="${helper.url}/graphql"></related-jobs>
<related-jobs role-id="no-such-role" api="${helper.url}/graphql"></related-jobs></main>
<script type="module" src="${helper.url}/widget/related-jobs.js"></script></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/job`;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await helper.close();
  });

  /** A page at a width; bypassCSP lets axe's script in past the explorer's strict policy. */
  async function open(
    url: string,
    width: number,
  ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    return { page, errors, close: () => context.close() };
  }

  async function widgetsSettled(page: Page, count: number): Promise<void> {
    await page.waitForFunction(
      (n) => {
        const widgets = Array.from(document.querySelectorAll("related-jobs"));
        return widgets.length === n && widgets.every((w) => w.shadowRoot?.querySelector("[aria-busy=false]"));
      },
      count,
      { timeout: 30_000 },
    );
  }

  async function explorerSettled(page: Page): Promise<void> {
    await page.waitForFunction(
      () => {
        const state = (window as unknown as { __explorer?: Record<string, { status?: string }> }).__explorer;
        if (!state) return false;
        return ["role", "paths", "related", "overlap"].every((v) => state[v]?.status !== "loading");
      },
      undefined,
      { timeout: 30_000 },
    );
    // The views start loading after the role titles arrive: wait until no request is in flight.
    await page.waitForLoadState("networkidle");
  }

  for (const width of WIDTHS) {
    it(`the widget demo has no serious violation and fits ${width} px`, async () => {
      const { page, errors, close } = await open(`${helper.url}/widget/demo`, width);
      await widgetsSettled(page, 3);
      expect(await axe(page)).toEqual([]);
      expect(await sideways(page)).toBe(0);
      expect(errors).toEqual([]);
      if (width === 375) await screenshot(page, "widget-demo-375");
      await close();
    });

    it(`the widget on another origin's page has no serious violation and fits ${width} px`, async () => {
      const { page, errors, close } = await open(hostUrl, width);
      await widgetsSettled(page, 2);
      expect(await axe(page)).toEqual([]);
      expect(await sideways(page)).toBe(0);
      // The unknown role's box says so in words, without the id.
      const unknown = await page.locator("related-jobs").nth(1).locator("[part=status]").textContent();
      expect(unknown).not.toContain("no-such-role");
      expect(errors).toEqual([]);
      await close();
    });

    for (const [view, path] of Object.entries(EXPLORER_VIEWS)) {
      it(`the explorer's ${view} view has no serious violation and fits ${width} px`, async () => {
        const { page, errors, close } = await open(`${helper.url}${path}`, width);
        await explorerSettled(page);
        expect(await axe(page)).toEqual([]);
        expect(await sideways(page)).toBe(0);
        expect(errors).toEqual([]);
        await close();
      });
    }
  }

  it("at 375 px the overlap of 5 roles is a readable ranked list of its 10 pairs, with shared skills", async () => {
    const response = await helper.executeGraphQL<{
      skillOverlap: {
        roles: { id: string }[];
        pairs: { a: { id: string }; b: { id: string }; jaccard: number; sharedCount: number }[];
      };
    }>(
      "query ($ids: [ID!]!) { skillOverlap(roleIds: $ids) { roles { id } pairs { a { id } b { id } jaccard sharedCount } } }",
      { ids: OVERLAP },
    );
    const pairs = response.body.data?.skillOverlap.pairs ?? [];
    expect(pairs).toHaveLength(10);
    const { page, close } = await open(`${helper.url}${EXPLORER_VIEWS.overlap}`, 375);
    await explorerSettled(page);
    const listed = await page.$$eval("#overlap-pairs > li", (items) =>
      items.map((li) => {
        const rect = li.getBoundingClientRect();
        return {
          pair: li.getAttribute("data-pair") ?? "",
          score: Number(li.querySelector(".score-value")?.textContent),
          text: li.querySelector(".reasons")?.textContent ?? "",
          fontSize: parseFloat(getComputedStyle(li.querySelector(".pair-names") ?? li).fontSize),
          right: rect.right,
        };
      }),
    );
    expect(listed).toHaveLength(10);
    const scores = listed.map((l) => l.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const item of listed) {
      const [a, b] = item.pair.split("|");
      const pair = pairs.find((p) => (p.a.id === a && p.b.id === b) || (p.a.id === b && p.b.id === a));
      expect(pair, item.pair).toBeDefined();
      expect(item.score).toBe(Number(pair?.jaccard.toFixed(2)));
      expect(item.text).toMatch(new RegExp(`^${pair?.sharedCount} shared skills? out of \\d+`));
      expect(item.fontSize).toBeGreaterThanOrEqual(13);
      expect(item.right).toBeLessThanOrEqual(375);
    }
    // The matrix is not drawn squeezed: on a phone the list stands in for it.
    expect(await page.isHidden("#overlap-chart")).toBe(true);
    await screenshot(page, "explorer-overlap-375");
    await close();
  });

  it("at 375 px the drawings' labels stay readable and the search list stays within the screen", async () => {
    const { page, close } = await open(
      `${helper.url}/explore?related=${COO}&from=operations-manager&to=chief-executive-officer`,
      375,
    );
    await explorerSettled(page);
    const sizes = await page.evaluate(() => {
      type Cy = { zoom(): number; nodes(): { renderedStyle(name: string): string }[] };
      const state = (window as unknown as { __explorer: { paths: { graph: Cy }; related: { graph: Cy } } })
        .__explorer;
      const smallest = (cy: Cy) =>
        Math.min(...cy.nodes().map((n) => parseFloat(n.renderedStyle("font-size"))));
      return { paths: smallest(state.paths.graph), related: smallest(state.related.graph) };
    });
    expect(sizes.paths).toBeGreaterThanOrEqual(10.5);
    expect(sizes.related).toBeGreaterThanOrEqual(10.5);
    await page.locator("#overlap-input").pressSequentially("director", { delay: 20 });
    await page.locator("#overlap-listbox [role=option]").first().waitFor({ timeout: 20_000 });
    const box = await page.locator("#overlap-listbox").boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    expect(await sideways(page)).toBe(0);
    await close();
  });

  it("the playground titles its tabs with the examples' titles, all visible at 1366 px (GraphiQL's own axe findings listed apart)", async () => {
    const examples = readExamples();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    // 4 MB of GraphiQL, compressed on first request: give a busy machine time.
    await page.goto(`${helper.url}/graphql`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    const tabs = page.locator(".graphiql-tab button.graphiql-tab-button");
    await expect.poll(() => tabs.count(), { timeout: 90_000 }).toBe(examples.length);
    expect(await tabs.allTextContents()).toEqual(examples.map((e) => e.title));
    const bar = await page.$eval(".graphiql-tabs", (el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
    }));
    expect(bar.scroll).toBeLessThanOrEqual(bar.client);
    // GraphiQL is a third-party app: its findings are reported, not asserted.
    const findings = await axe(page);
    if (findings.length) console.info("GraphiQL's own axe findings:", findings.map((f) => f.id).join(", "));
    await context.close();
  }, 240_000);
});
