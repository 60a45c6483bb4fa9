/**
 * Debian's Chromium driven by playwright-core, for the end-to-end tests. Headless, no GPU, no
 * background networking; every request that leaves loopback is aborted and recorded, so a page
 * that tries to fetch from the internet fails its test instead of silently working online.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Screenshots taken by the tests (git-ignored). */
export const SCREENSHOT_DIR = path.resolve("test-results", "screenshots");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` ` +
        "(.ci/run does) or set CHROMIUM_PATH",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page exceptions, as text. */
  errors: string[];
  /** URLs of requests that tried to leave loopback (aborted). */
  offsite: string[];
  /** URLs of requests that failed (aborted, refused, …). */
  failed: string[];
}

/** A fresh context and page that records console errors and blocks every non-loopback request. */
export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watched: WatchedPage = { page, context, errors: [], offsite: [], failed: [] };
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || isLoopback(url.hostname)) {
      await route.continue();
    } else {
      watched.offsite.push(url.href);
      await route.abort();
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error") watched.errors.push(message.text());
  });
  page.on("pageerror", (error) => watched.errors.push(String(error)));
  // A request the page itself cancelled (a search superseded by the next keystroke aborts its
  // fetch: net::ERR_ABORTED) has not failed; refused, blocked or broken ones have.
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText !== "net::ERR_ABORTED") watched.failed.push(request.url());
  });
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]" || hostname === "::1";
}
