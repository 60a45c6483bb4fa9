/**
 * The career explorer (/explore) in a real Chromium against the real service and the run's Neo4j.
 * Every expected value is asked of the API itself in the test, so the tests follow the seeds.
 */
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayTitle } from "../../src/web/shared/display-title.js";
import { TestHelper } from "../utils/test-helper.js";
import { launchChromium, openPage, screenshot, type WatchedPage } from "./browser.js";

const FROM = "operations-manager";
const TO = "chief-executive-officer";
const OVERLAP_IDS = [
  "chief-operating-officer",
  "operations-manager",
  "supply-chain-director",
  "logistics-director",
];

interface RoleRef {
  id: string;
  title: string;
}

interface CareerPathAnswer {
  roles: RoleRef[];
  moves: { from: { id: string }; to: { id: string }; skillsToAcquire: { name: string }[] }[];
}

interface OverlapAnswer {
  roles: (RoleRef & { skillsConnection: { totalCount: number } })[];
  pairs: { a: { id: string }; b: { id: string }; jaccard: number }[];
}

/** The shape of `window.__explorer` that the tests read (the page's ExplorerState, structurally). */
interface ExplorerWindow {
  __explorer?: {
    paths: { status: string; message: string; graph: CyLike | null };
    related: { status: string; message: string; ids: string[]; graph: CyLike | null };
    overlap: {
      status: string;
      message: string;
      ids: string[];
      matrix: { ids: string[]; titles: string[]; jaccard: number[][] } | null;
      chart: { getOption(): Record<string, unknown> } | null;
    };
    selected: Record<string, string | null>;
  };
}

interface CyLike {
  nodes(): { map<T>(fn: (n: { id(): string; data(key: string): unknown }) => T): T[] };
  edges(): { map<T>(fn: (e: { source(): { id(): string }; target(): { id(): string } }) => T): T[] };
}

type View = "paths" | "related" | "overlap";

describe("Career explorer at /explore, in Chromium", () => {
  let helper: TestHelper;
  let browser: Browser;
  let baseUrl: string;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    helper = new TestHelper();
    baseUrl = await helper.start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const watched of pages) await watched.context.close();
    await browser?.close();
    await helper?.close();
  });

  async function open(path: string): Promise<WatchedPage> {
    const watched = await openPage(browser);
    pages.push(watched);
    await watched.page.goto(`${baseUrl}${path}`);
    return watched;
  }

  /** Waits until a view has finished loading, whatever the outcome, and returns that outcome. */
  async function settled(watched: WatchedPage, view: View): Promise<{ status: string; message: string }> {
    await watched.page.waitForFunction(
      (v) => {
        const status = (window as ExplorerWindow).__explorer?.[v as View].status;
        return status !== undefined && status !== "idle" && status !== "loading";
      },
      view,
      { timeout: 30_000 },
    );
    return watched.page.evaluate((v) => {
      const state = (window as ExplorerWindow).__explorer?.[v as View];
      return { status: state?.status ?? "", message: state?.message ?? "" };
    }, view);
  }

  function expectCleanPage(watched: WatchedPage): void {
    expect(watched.errors, "console errors").toEqual([]);
    expect(watched.offsite, "requests that left loopback").toEqual([]);
    expect(watched.failed, "failed requests").toEqual([]);
  }

  /**
   * A revalidation as a browser sends it. fetch() marks any request with If-None-Match as
   * `Cache-Control: no-cache` unless told otherwise, and a server must not answer that with 304.
   */
  function revalidate(etag: string | null): Record<string, string> {
    return { "if-none-match": etag ?? "", "cache-control": "max-age=0" };
  }

  async function data<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await helper.executeGraphQL<T>(query, variables);
    expect(response.body.errors).toBeUndefined();
    if (!response.body.data) throw new Error(`No data for ${query}`);
    return response.body.data;
  }

  it("serves the page and its bundle with their content types, validators and cache policy", async () => {
    const page = await fetch(`${baseUrl}/explore`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    const etag = page.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await fetch(`${baseUrl}/explore`, { headers: revalidate(etag) })).status).toBe(304);

    const scriptPath = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    expect(scriptPath).toMatch(/^\/explore\/explorer\.js\?v=[\w-]+$/);
    // Node's fetch asks for gzip and inflates transparently.
    const script = await fetch(`${baseUrl}${scriptPath}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("content-encoding")).toBe("gzip");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const code = await script.text();
    expect(code.length).toBeGreaterThan(100_000);
    // Every asset is bundled: the code names no other host to fetch from at run time.
    expect(code).not.toMatch(/https?:\/\/(?:cdn|unpkg|fonts\.googleapis|cdnjs)/);
    const again = await fetch(`${baseUrl}${scriptPath}`, {
      headers: revalidate(script.headers.get("etag")),
    });
    expect(again.status).toBe(304);
    const unversioned = await fetch(`${baseUrl}/explore/explorer.js`, {
      headers: { "accept-encoding": "identity" },
    });
    expect(unversioned.headers.get("cache-control")).toBe("no-cache");
    expect(unversioned.headers.get("content-encoding")).toBeNull();
    expect(await unversioned.text()).toBe(code);
  });

  it("draws the career paths from Operations Manager to the CEO that careerPaths returns", async () => {
    const { careerPaths } = await data<{ careerPaths: CareerPathAnswer[] }>(
      `query ($from: ID!, $to: ID!) {
        careerPaths(from: $from, to: $to, maxSteps: 4, limit: 3) {
          roles { id title }
          moves { from { id } to { id } skillsToAcquire { name } }
        }
      }`,
      { from: FROM, to: TO },
    );
    expect(careerPaths.length).toBeGreaterThan(0);

    const watched = await open(`/explore?from=${FROM}&to=${TO}&steps=4&limit=3`);
    expect(await settled(watched, "paths")).toMatchObject({ status: "ready" });
    const drawn = await watched.page.evaluate(() => {
      const graph = (window as ExplorerWindow).__explorer?.paths.graph;
      return {
        nodes: graph?.nodes().map((n) => ({ id: n.id(), label: String(n.data("label")) })) ?? [],
        edges: graph?.edges().map((e) => `${e.source().id()}->${e.target().id()}`) ?? [],
      };
    });

    const roles = new Map(careerPaths.flatMap((p) => p.roles).map((r) => [r.id, displayTitle(r.title)]));
    const moves = new Set(careerPaths.flatMap((p) => p.moves).map((m) => `${m.from.id}->${m.to.id}`));
    expect(drawn.nodes.map((n) => n.id).sort()).toEqual([...roles.keys()].sort());
    for (const node of drawn.nodes) expect(node.label).toBe(roles.get(node.id));
    expect(drawn.edges.sort()).toEqual([...moves].sort());
    expect(drawn.nodes.map((n) => n.id)).toContain(FROM);
    expect(drawn.nodes.map((n) => n.id)).toContain(TO);

    // The list beside the drawing: one entry per path, and every move with its skills to acquire.
    const listed = await watched.page.$$eval("#paths-list > li.path", (items) =>
      items.map((item) =>
        Array.from(item.querySelectorAll<HTMLElement>("ol.moves > li")).map((move) => ({
          move: move.dataset.move,
          skills: Array.from(move.querySelectorAll("ul.skills > li")).map((li) => li.textContent),
        })),
      ),
    );
    expect(listed).toEqual(
      careerPaths.map((p) =>
        p.moves.map((m) => ({
          move: `${m.from.id}->${m.to.id}`,
          skills: m.skillsToAcquire.map((s) => s.name),
        })),
      ),
    );
    expect(await watched.page.inputValue("#from-input")).toBe(roles.get(FROM));
    expect(await watched.page.inputValue("#to-input")).toBe(roles.get(TO));
    await screenshot(watched.page, "explorer-paths");
    expectCleanPage(watched);
  });

  it("finds Supply Chain Director for a misspelt 'suply chain', and picking it with the keyboard sets the role", async () => {
    const text = "suply chain";
    const { searchRoles } = await data<{ searchRoles: { role: RoleRef }[] }>(
      "query ($text: String!) { searchRoles(text: $text, limit: 8) { role { id title } } }",
      { text },
    );
    const wanted = searchRoles.findIndex((hit) => hit.role.id === "supply-chain-director");
    expect(wanted).toBeGreaterThanOrEqual(0);

    const watched = await open("/explore");
    const { page } = watched;
    await page.locator("#from-input").pressSequentially(text, { delay: 30 });
    const options = page.locator("#from-listbox [role=option] .option-title");
    await expect
      .poll(() => options.allTextContents(), { timeout: 15_000 })
      .toEqual(searchRoles.map((hit) => displayTitle(hit.role.title)));
    expect(await page.getAttribute("#from-input", "aria-expanded")).toBe("true");
    for (let i = 0; i <= wanted; i++) await page.keyboard.press("ArrowDown");
    expect(await page.getAttribute("#from-input", "aria-activedescendant")).toBe(`from-option-${wanted}`);
    await page.keyboard.press("Enter");

    expect(await page.inputValue("#from-input")).toBe("Supply Chain Director");
    expect(await page.evaluate(() => (window as ExplorerWindow).__explorer?.selected.from)).toBe(
      "supply-chain-director",
    );
    expect(await page.textContent("#from-hint")).toContain("supply-chain-director");
    expect(await page.isHidden("#from-listbox")).toBe(true);
    expectCleanPage(watched);
  });

  it("shows a 4×4 heatmap of the Jaccard indices skillOverlap returns for four roles", async () => {
    const overlap = await skillOverlapAnswer();
    const watched = await open(`/explore?overlap=${OVERLAP_IDS.join(",")}`);
    expect(await settled(watched, "overlap")).toMatchObject({ status: "ready" });
    const chart = await watched.page.evaluate(() => {
      const option = (window as ExplorerWindow).__explorer?.overlap.chart?.getOption() as {
        series: { type: string; data: [number, number, number][] }[];
        xAxis: { data: string[] }[];
        yAxis: { data: string[] }[];
      };
      // Series 0: the pairs, on the colour scale; series 1: the diagonal, grey, off the scale.
      const [pairs, diagonal] = option.series;
      return {
        series: pairs && { type: pairs.type, data: [...pairs.data, ...(diagonal?.data ?? [])] },
        pairs: pairs?.data.length,
        x: option.xAxis[0]?.data,
        y: option.yAxis[0]?.data,
      };
    });
    const titles = OVERLAP_IDS.map((id) => displayTitle(overlap.roles.find((r) => r.id === id)?.title ?? ""));
    expect(chart.series?.type).toBe("heatmap");
    expect(chart.x).toEqual(titles);
    expect(chart.y).toEqual(titles);
    expect(chart.series?.data).toHaveLength(16);
    expect(chart.pairs).toBe(12);
    const cell = (i: number, j: number) => chart.series?.data.find(([x, y]) => x === j && y === i)?.[2];
    for (const pair of overlap.pairs) {
      const a = OVERLAP_IDS.indexOf(pair.a.id);
      const b = OVERLAP_IDS.indexOf(pair.b.id);
      expect(cell(a, b)).toBe(pair.jaccard);
      expect(cell(b, a)).toBe(pair.jaccard);
    }
    expect(overlap.pairs).toHaveLength(6);
    // A role with itself: 1, or 0 for a role without skills (the API's "0 when both have none").
    OVERLAP_IDS.forEach((id, i) => expect(cell(i, i)).toBe(selfJaccard(overlap, id)));
    // The heatmap is drawn, not only configured: its canvas has a size.
    const canvas = await watched.page.locator("#overlap-chart canvas").first().boundingBox();
    expect(canvas?.width).toBeGreaterThan(300);
    expect(canvas?.height).toBeGreaterThan(300);
    expect(await watched.page.textContent("#overlap-caption")).toContain("Jaccard index");
    await screenshot(watched.page, "explorer-overlap");
    expectCleanPage(watched);
  });

  it("downloads that matrix as CSV: a header of role ids, then one row per role of Jaccard indices", async () => {
    const overlap = await skillOverlapAnswer();
    const watched = await open(`/explore?overlap=${OVERLAP_IDS.join(",")}`);
    expect(await settled(watched, "overlap")).toMatchObject({ status: "ready" });
    const [download] = await Promise.all([
      watched.page.waitForEvent("download"),
      watched.page.click("#overlap-download"),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    const rows = parse(await readFile(file, "utf8")) as string[][];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(["role_id", ...OVERLAP_IDS]);
    const jaccard = (a: string, b: string) =>
      a === b
        ? selfJaccard(overlap, a)
        : overlap.pairs.find((p) => (p.a.id === a && p.b.id === b) || (p.a.id === b && p.b.id === a))
            ?.jaccard;
    OVERLAP_IDS.forEach((id, i) => {
      const row = rows[i + 1] ?? [];
      expect(row[0]).toBe(id);
      expect(row.slice(1).map(Number)).toEqual(OVERLAP_IDS.map((other) => jaccard(id, other)));
    });
    expectCleanPage(watched);
  });

  it("redraws the heatmap when a role is removed from the set, and keeps the link in the address bar", async () => {
    const watched = await open(`/explore?overlap=${OVERLAP_IDS.join(",")}`);
    expect(await settled(watched, "overlap")).toMatchObject({ status: "ready" });
    await watched.page.click(`#overlap-set button[data-remove="logistics-director"]`);
    await watched.page.waitForFunction(
      () => (window as ExplorerWindow).__explorer?.overlap.matrix?.ids.length === 3,
      undefined,
      { timeout: 30_000 },
    );
    const cells = await watched.page.evaluate(() => {
      const option = (window as ExplorerWindow).__explorer?.overlap.chart?.getOption() as {
        series: { data: unknown[] }[];
      };
      return option.series.reduce((n, series) => n + series.data.length, 0);
    });
    expect(cells).toBe(9);
    expect(new URL(watched.page.url()).searchParams.get("overlap")).toBe(OVERLAP_IDS.slice(0, 3).join(","));
    expectCleanPage(watched);
  });

  it("lists the related roles the API returns around a role, in its order, with a star drawing", async () => {
    const id = "chief-operating-officer";
    const { roles } = await data<{
      roles: { title: string; relatedRoles: { score: number; role: RoleRef }[] }[];
    }>(
      `query ($id: ID!) {
        roles(where: { id: { eq: $id } }) { title relatedRoles(limit: 8) { score role { id title } } }
      }`,
      { id },
    );
    const related = roles[0]?.relatedRoles ?? [];
    expect(related.length).toBeGreaterThan(0);

    const watched = await open(`/explore?related=${id}&relatedLimit=8`);
    expect(await settled(watched, "related")).toMatchObject({ status: "ready" });
    const listed = await watched.page.$$eval("#related-list > li", (items) =>
      items.map((item) => ({
        id: item.getAttribute("data-role-id"),
        title: item.querySelector("button[data-role]")?.textContent,
        score: item.querySelector(".score-value")?.textContent,
      })),
    );
    expect(listed).toEqual(
      related.map((r) => ({ id: r.role.id, title: displayTitle(r.role.title), score: r.score.toFixed(2) })),
    );
    const nodes = await watched.page.evaluate(
      () => (window as ExplorerWindow).__explorer?.related.graph?.nodes().map((n) => n.id()) ?? [],
    );
    expect(nodes.sort()).toEqual([id, ...related.map((r) => r.role.id)].sort());
    expect(await watched.page.inputValue("#related-input")).toBe(displayTitle(roles[0]?.title ?? ""));

    // Clicking a related role centres the view on it.
    const next = related[0];
    if (!next) throw new Error("no related role");
    await watched.page.click(`#related-list button[data-role="${next.role.id}"]`);
    await watched.page.waitForFunction(
      (nextId) => {
        const state = (window as ExplorerWindow).__explorer?.related;
        return (
          state?.status === "ready" &&
          state.graph
            ?.nodes()
            .map((n) => n.id())
            .includes(nextId) === true
        );
      },
      next.role.id,
      { timeout: 30_000 },
    );
    expect(new URL(watched.page.url()).searchParams.get("related")).toBe(next.role.id);
    await screenshot(watched.page, "explorer-related");
    expectCleanPage(watched);
  });

  it("shows every view at once from one link (the screenshot of the README)", async () => {
    const watched = await open(
      `/explore?from=${FROM}&to=${TO}&related=chief-operating-officer&overlap=${OVERLAP_IDS.join(",")}`,
    );
    for (const view of ["paths", "related", "overlap"] as const) {
      expect(await settled(watched, view)).toMatchObject({ status: "ready" });
    }
    await screenshot(watched.page, "explorer-all");
    expectCleanPage(watched);
  });

  it("names an unknown role, says when no path exists, and says when the API cannot be reached", async () => {
    const unknown = await open(`/explore?from=no-such-role&to=${TO}&overlap=no-such-role,${FROM}`);
    const paths = await settled(unknown, "paths");
    expect(paths.status).toBe("error");
    expect(paths.message).toContain("Unknown role: no-such-role");
    expect(await unknown.page.textContent("#paths-status")).toContain("no-such-role");
    expect(await settled(unknown, "overlap")).toMatchObject({ status: "error" });
    expect(await unknown.page.textContent("#overlap-status")).toContain("no-such-role");
    expectCleanPage(unknown);

    // The API's own answer decides that this pair has no path within one move.
    const none = await data<{ careerPaths: unknown[] }>(
      "query ($from: ID!, $to: ID!) { careerPaths(from: $from, to: $to, maxSteps: 1, limit: 1) { steps } }",
      { from: TO, to: FROM },
    );
    expect(none.careerPaths).toEqual([]);
    const noPath = await open(`/explore?from=${TO}&to=${FROM}&steps=1`);
    expect(await settled(noPath, "paths")).toMatchObject({ status: "empty" });
    expect(await noPath.page.textContent("#paths-status")).toContain("No career path found");
    expect(await noPath.page.isHidden("#paths-graph")).toBe(true);
    expectCleanPage(noPath);

    const down = await openPage(browser);
    pages.push(down);
    await down.page.route("**/graphql", (route) => route.abort("connectionrefused"));
    await down.page.goto(`${baseUrl}/explore?from=${FROM}&to=${TO}&related=${FROM}`);
    const downPaths = await settled(down, "paths");
    expect(downPaths.status).toBe("error");
    expect(downPaths.message).toContain("cannot be reached");
    expect(await down.page.textContent("#related-status")).toContain("cannot be reached");
    await screenshot(down.page, "explorer-api-down");
    // Chromium logs each refused request; nothing else may reach the console.
    expect(down.errors.filter((e) => !e.includes("net::ERR_CONNECTION_REFUSED"))).toEqual([]);
    expect(down.offsite).toEqual([]);
  });

  it("bends a move that skips a role around that role's box, and shows the typical years and confidence of moves", async () => {
    const { careerPaths } = await data<{
      careerPaths: {
        moves: { typicalYears: number | null; confidence: number | null; evidence: string }[];
      }[];
    }>(
      "query ($from: ID!, $to: ID!) { careerPaths(from: $from, to: $to, maxSteps: 4, limit: 3) { moves { typicalYears confidence evidence } } }",
      { from: FROM, to: TO },
    );
    const watched = await open(`/explore?from=${FROM}&to=${TO}&steps=4&limit=3`);
    expect(await settled(watched, "paths")).toMatchObject({ status: "ready" });
    // Sampled along each edge as cytoscape draws it: a line, or a quadratic curve through its one
    // control point. No sample may fall inside the box of a role the edge does not join.
    const crossings = await watched.page.evaluate(() => {
      type P = { x: number; y: number };
      type Box = { x1: number; x2: number; y1: number; y2: number };
      interface Cy {
        nodes(): { id(): string; boundingBox(o: object): Box }[];
        edges(): {
          id(): string;
          source(): { id(): string };
          target(): { id(): string };
          sourceEndpoint(): P;
          targetEndpoint(): P;
          controlPoints(): P[] | undefined;
        }[];
      }
      const cy = (window as unknown as { __explorer: { paths: { graph: Cy } } }).__explorer.paths.graph;
      const found: string[] = [];
      for (const edge of cy.edges()) {
        const a = edge.sourceEndpoint();
        const b = edge.targetEndpoint();
        const c = edge.controlPoints()?.[0];
        for (const node of cy.nodes()) {
          if (node.id() === edge.source().id() || node.id() === edge.target().id()) continue;
          const box = node.boundingBox({ includeLabels: false });
          for (let i = 0; i <= 50; i++) {
            const t = i / 50;
            const u = 1 - t;
            const p = c
              ? {
                  x: u * u * a.x + 2 * u * t * c.x + t * t * b.x,
                  y: u * u * a.y + 2 * u * t * c.y + t * t * b.y,
                }
              : { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
            if (p.x > box.x1 && p.x < box.x2 && p.y > box.y1 && p.y < box.y2) {
              found.push(`${edge.id()} through ${node.id()}`);
              break;
            }
          }
        }
      }
      return found;
    });
    expect(crossings).toEqual([]);
    const withYears = careerPaths.flatMap((p) => p.moves).filter((m) => m.typicalYears != null);
    const shown = await watched.page.$$eval("#paths-list ol.moves > li .years", (spans) =>
      spans.map((s) => s.textContent ?? ""),
    );
    expect(shown).toEqual(
      withYears.map((m) => ` about ${m.typicalYears} year${m.typicalYears === 1 ? "" : "s"}`),
    );
    const sure = await watched.page.$$eval("#paths-list ol.moves > li .move-confidence", (spans) =>
      spans.map((s) => s.textContent ?? ""),
    );
    expect(sure).toEqual(
      careerPaths
        .flatMap((p) => p.moves)
        .filter((m) => m.confidence != null)
        .map((m) => ` ${Math.round((m.confidence ?? 0) * 100)}% sure, ${m.evidence.toLowerCase()}`),
    );
    expectCleanPage(watched);
  });

  it("shows the skill gap of the two roles: compareRoles' missing skills in its order, essential first, and the tools to learn", async () => {
    const { compareRoles, roles } = await data<{
      compareRoles: { missingSkills: { id: string }[]; toolsToLearn: { name: string }[] };
      roles: {
        skillsConnection: { edges: { properties: { essential: boolean }; node: { id: string } }[] };
      }[];
    }>(
      `query ($from: ID!, $to: ID!) {
        compareRoles(from: $from, to: $to) { missingSkills { id } toolsToLearn { name } }
        roles(where: { id: { eq: $to } }) { skillsConnection { edges { properties { essential } node { id } } } }
      }`,
      { from: FROM, to: TO },
    );
    const essential = new Set(
      roles[0]?.skillsConnection.edges.filter((e) => e.properties.essential).map((e) => e.node.id),
    );
    const watched = await open(`/explore?from=${FROM}&to=${TO}`);
    await watched.page.waitForFunction(
      () =>
        (window as ExplorerWindow & { __explorer?: { gap?: { status: string } } }).__explorer?.gap?.status ===
        "ready",
      undefined,
      { timeout: 30_000 },
    );
    const listed = await watched.page.$$eval("#gap-skills > li", (items) =>
      items.map((li) => ({
        id: li.getAttribute("data-skill-id"),
        essential: li.getAttribute("data-essential"),
      })),
    );
    expect(listed).toEqual(
      compareRoles.missingSkills.map((s) => ({ id: s.id, essential: String(essential.has(s.id)) })),
    );
    const firstOptional = listed.findIndex((s) => s.essential === "false");
    if (firstOptional >= 0)
      expect(listed.slice(firstOptional).every((s) => s.essential === "false")).toBe(true);
    expect(
      await watched.page.$$eval("#gap-tools > li", (items) => items.map((li) => li.textContent)),
    ).toEqual(compareRoles.toolsToLearn.map((t) => t.name));
    expectCleanPage(watched);
  });

  it("shows a role's salary bands one table per currency and source, and its skills essential first by importance", async () => {
    const id = "chief-operating-officer";
    const { roles } = await data<{
      roles: {
        salaryBandsConnection: {
          edges: {
            properties: { source: string };
            node: { currency: string; country: string; year: number | null };
          }[];
        };
        skillsConnection: {
          edges: { properties: { essential: boolean; importance: number | null }; node: { id: string } }[];
        };
      }[];
    }>(
      `query ($id: ID!) { roles(where: { id: { eq: $id } }) {
        salaryBandsConnection { edges { properties { source } node { currency country year } } }
        skillsConnection { edges { properties { essential importance } node { id } } }
      } }`,
      { id },
    );
    const role = roles[0];
    if (!role) throw new Error("no COO");
    const groups = new Map<string, number>();
    for (const e of role.salaryBandsConnection.edges) {
      const key = `${e.node.currency}|${e.node.country}|${e.properties.source}|${e.node.year ?? ""}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    expect(groups.size).toBeGreaterThan(0);
    const watched = await open(`/explore?role=${id}`);
    await watched.page.waitForFunction(
      () => {
        const s = (window as unknown as { __explorer?: { role: { status: string } } }).__explorer?.role
          .status;
        return s === "ready" || s === "error";
      },
      undefined,
      { timeout: 30_000 },
    );
    const tables = await watched.page.$$eval("#role-salaries table.salaries", (ts) =>
      ts.map((t) => ({
        currency: t.getAttribute("data-currency"),
        rows: t.querySelectorAll("tbody tr").length,
        text: t.textContent ?? "",
      })),
    );
    // One table per currency, country, source and year; never two currencies in one table.
    expect(tables.map((t) => t.rows).sort()).toEqual([...groups.values()].sort());
    for (const table of tables) {
      const others = [...groups.keys()].map((k) => k.split("|")[0]).filter((c) => c !== table.currency);
      for (const other of others) expect(table.text).not.toContain(other);
    }
    expect(await watched.page.locator("#role-salaries .source").count()).toBe(groups.size);

    const weight = new Map(role.skillsConnection.edges.map((e) => [e.node.id, e.properties]));
    const shown = await watched.page.$$eval("#role-skills ol.weighted > li", (items) =>
      items.map((li) => li.getAttribute("data-skill-id") ?? ""),
    );
    expect([...shown].sort()).toEqual([...weight.keys()].sort());
    const essentialCount = [...weight.values()].filter((w) => w.essential).length;
    shown.forEach((skill, i) => expect(weight.get(skill)?.essential, skill).toBe(i < essentialCount));
    for (let i = 1; i < shown.length; i++) {
      const prev = weight.get(shown[i - 1] ?? "");
      const cur = weight.get(shown[i] ?? "");
      if (prev?.essential === cur?.essential)
        expect(prev?.importance ?? -1).toBeGreaterThanOrEqual(cur?.importance ?? -1);
    }
    expectCleanPage(watched);
  });

  function selfJaccard(overlap: OverlapAnswer, id: string): number {
    const role = overlap.roles.find((r) => r.id === id);
    if (!role) throw new Error(`skillOverlap did not return ${id}`);
    return role.skillsConnection.totalCount > 0 ? 1 : 0;
  }

  async function skillOverlapAnswer(): Promise<OverlapAnswer> {
    const { skillOverlap } = await data<{ skillOverlap: OverlapAnswer }>(
      `query ($ids: [ID!]!) {
        skillOverlap(roleIds: $ids) {
          roles { id title skillsConnection { totalCount } }
          pairs { a { id } b { id } jaccard } }
      }`,
      { ids: OVERLAP_IDS },
    );
    return skillOverlap;
  }
});
