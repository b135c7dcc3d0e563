// The catalogue page in Chromium at 10,000 services: the time from navigation until its first row
// is visible, against Backstage's own catalog page filtered to the same Components, in the same
// run, signed in as the same guest, in the same browser.
//
// The app is built once per run (`backstage-cli package build` in packages/app, as
// `yarn workspace app build` does) and served by the benchmark's backend (the app backend plugin
// serves packages/app/dist). Chromium is Debian's (/usr/bin/chromium or CHROMIUM_PATH), driven by
// the repository's Playwright, as the end-to-end tests and the production check drive it.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PageInBrowserResult } from '../results';
import { scratchServers } from '../scratch';
import { PAGE_IN_BROWSER, PORT, repoRoot, TIMEOUTS } from '../settings';
import { round, summarize } from '../stats';
import { log, messageOf } from '../util';

/** The address the app is opened at: the backend's own (backend.baseUrl, app.baseUrl). */
const APP_URL = `http://localhost:${PORT}`;

const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return fs.existsSync(configured) ? configured : undefined;
  return CHROMIUM_PATHS.find(p => fs.existsSync(p));
}

/** How the app was built for the page, once per run. */
export interface AppBuild {
  ok: boolean;
  ms: number;
  error?: string;
}

/** Builds packages/app into packages/app/dist, which the backend's app plugin serves. */
export async function buildApp(): Promise<AppBuild> {
  const appDir = path.join(repoRoot, 'packages', 'app');
  const cli = path.join(repoRoot, 'node_modules', '.bin', 'backstage-cli');
  log('building the app for the page in Chromium (packages/app/dist)');
  const started = performance.now();
  const output: string[] = [];
  const code = await new Promise<number | null>(resolve => {
    const child = spawn(process.execPath, [cli, 'package', 'build'], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUTS.appBuildMs);
    child.once('exit', exitCode => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const ms = round(performance.now() - started);
  if (code !== 0) {
    const tail = output.join('').split('\n').slice(-15).join('\n');
    return { ok: false, ms, error: `the app build failed (${code}):\n${tail}` };
  }
  log(`app built in ${(ms / 1000).toFixed(1)} s`);
  return { ok: true, ms };
}

/** Our table's rows with a link to a service; the catalog table's rows with a link to an entity. */
const FIRST_ROW = {
  ours: 'table[aria-label="Social media services"] tbody tr:has(a[href])',
  catalog: 'table tbody tr:has(a[href*="/catalog/default/component/"])',
} as const;

type Side = keyof typeof FIRST_ROW;

/**
 * Runs in the page from its first script on: notes, by the page's own clock (from the start of
 * navigation), the animation frame in which the first row is in the document and visible, i.e.
 * the frame that first shows it. Playwright sees the row only when its own polling gets the page's
 * main thread, which is later when the page keeps working after drawing the row.
 */
function watchFirstRow(selector: string) {
  const w = window as typeof window & {
    __firstRowFrameAt?: number;
    __longTasks?: Array<{ start: number; end: number }>;
  };
  // The main thread's long tasks (over 50 ms), to tell what keeps Playwright from seeing the row.
  w.__longTasks = [];
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) {
      w.__longTasks!.push({
        start: task.startTime,
        end: task.startTime + task.duration,
      });
    }
  }).observe({ type: 'longtask', buffered: true });
  const visible = () => {
    const row = document.querySelector(selector);
    return (
      row !== null &&
      row.getClientRects().length > 0 &&
      getComputedStyle(row).visibility !== 'hidden'
    );
  };
  let waiting = false;
  const observer = new MutationObserver(() => {
    if (w.__firstRowFrameAt !== undefined || waiting || !visible()) return;
    waiting = true;
    requestAnimationFrame(() => {
      waiting = false;
      if (w.__firstRowFrameAt === undefined && visible()) {
        w.__firstRowFrameAt = performance.now();
        observer.disconnect();
      }
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Once the first row is in the document and visible, the page's clock (else false); run in the
 * page (self-contained), every {@link ROW_POLL_MS} while the benchmark waits for the row.
 */
function rowSeenAt(selector: string): number | false {
  const row = document.querySelector(selector);
  const visible =
    row !== null &&
    row.getClientRects().length > 0 &&
    getComputedStyle(row).visibility !== 'hidden';
  return visible && performance.now();
}

/**
 * How often the benchmark looks for the row. Not Playwright's `locator.waitFor`: it looks again
 * after 20, 50, 100 and 100 ms and then only every 500 ms, so that a row drawn at 1.0 s is seen
 * at any time up to 1.27 s or 1.77 s, which adds about a quarter of a second to each page at
 * random and pulls the ratio of a fast page to a slow one towards 1.
 */
const ROW_POLL_MS = 10;

/**
 * A cold navigation's times: as the benchmark sees the row from outside the page (polling every
 * {@link ROW_POLL_MS}), as Playwright's `locator.waitFor` sees it, and by the page's own clock.
 */
interface ColdTimes {
  observed: number;
  byLocator: number;
  painted: number;
  /** The main thread's long tasks between the row's frame and the benchmark's sight of it, in ms. */
  busyAfterRow: number;
}

/** One cold navigation in a new page: from the start of navigation until the first row shows. */
async function timeOnce(
  context: BrowserContext,
  side: Side,
): Promise<ColdTimes> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(PAGE_IN_BROWSER.timeoutMs);
    await page.addInitScript(watchFirstRow, FIRST_ROW[side]);
    const started = performance.now();
    await page.goto(`${APP_URL}${PAGE_IN_BROWSER[side]}`, {
      waitUntil: 'commit',
    });
    const seenAt = (wait: Promise<unknown>) =>
      wait.then(() => performance.now() - started);
    let seenInPage = 0;
    const [observed, byLocator] = await Promise.all([
      page
        .waitForFunction(rowSeenAt, FIRST_ROW[side], { polling: ROW_POLL_MS })
        .then(async handle => {
          const ms = performance.now() - started;
          seenInPage = (await handle.jsonValue()) as number;
          return ms;
        }),
      seenAt(
        page.locator(FIRST_ROW[side]).first().waitFor({ state: 'visible' }),
      ),
    ]);
    // The long tasks are counted from the row's frame until the benchmark saw the row.
    const { painted, busyAfterRow } = await page
      .waitForFunction(until => {
        const w = window as typeof window & {
          __firstRowFrameAt?: number;
          __longTasks?: Array<{ start: number; end: number }>;
        };
        const at = w.__firstRowFrameAt;
        if (at === undefined) return undefined;
        const busy = (w.__longTasks ?? []).reduce(
          (sum, t) =>
            sum + Math.max(0, Math.min(t.end, until) - Math.max(t.start, at)),
          0,
        );
        return { painted: at, busyAfterRow: busy };
      }, seenInPage)
      .then(
        handle =>
          handle.jsonValue() as Promise<{
            painted: number;
            busyAfterRow: number;
          }>,
      );
    return { observed, byLocator, painted, busyAfterRow };
  } finally {
    await page.close();
  }
}

/**
 * One navigation inside the running app, as a person who is already in the portal makes it: a new
 * page opens the portal on another page (the user settings) and waits until the app has started;
 * then, in the page, the address changes as the router's links change it, and the time runs from
 * there until the first row is visible. The app's start, which both pages share, is not counted;
 * each page's own code (loaded when first opened), its requests and its drawing are.
 */
async function timeInApp(context: BrowserContext, side: Side): Promise<number> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(PAGE_IN_BROWSER.timeoutMs);
    await page.goto(`${APP_URL}${PAGE_IN_BROWSER.inAppFrom}`);
    await page.waitForURL(`${APP_URL}${PAGE_IN_BROWSER.inAppFrom}`);
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog' })
      .waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    return await page.evaluate(
      ({ url, selector, timeoutMs }) =>
        new Promise<number>((resolve, reject) => {
          const visible = () => {
            const row = document.querySelector(selector);
            return (
              row !== null &&
              row.getClientRects().length > 0 &&
              getComputedStyle(row).visibility !== 'hidden'
            );
          };
          // Looked for at every change of the page, and every 10 ms besides (animation frames
          // may not run in a page the browser does not show).
          let timer: ReturnType<typeof setInterval> | undefined = undefined;
          let observer: MutationObserver | undefined = undefined;
          const finish = () => {
            observer?.disconnect();
            clearInterval(timer);
          };
          const started = performance.now();
          const check = () => {
            if (visible()) {
              finish();
              resolve(performance.now() - started);
            } else if (performance.now() - started > timeoutMs) {
              finish();
              const table = document.querySelector('table') ? 'a' : 'no';
              reject(
                new Error(
                  `no row at ${url} after ${timeoutMs} ms (the page is at ${location.pathname} and shows ${table} table)`,
                ),
              );
            }
          };
          observer = new MutationObserver(check);
          observer.observe(document.body, { childList: true, subtree: true });
          timer = setInterval(check, 10);
          window.history.pushState({}, '', url);
          window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
          check();
        }),
      {
        url: PAGE_IN_BROWSER[side],
        selector: FIRST_ROW[side],
        timeoutMs: PAGE_IN_BROWSER.timeoutMs,
      },
    );
  } finally {
    await page.close();
  }
}

/** The first text on the page that matches `pattern`, or '-' (for the report only). */
async function textMatching(page: Page, pattern: RegExp): Promise<string> {
  const texts = await page
    .getByText(pattern)
    .allInnerTexts()
    .catch(() => []);
  return texts[0]?.trim() || '-';
}

/** What each page says it shows, read once after the timings (not timed). */
async function describePages(context: BrowserContext) {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(PAGE_IN_BROWSER.timeoutMs);
    await page.goto(`${APP_URL}${PAGE_IN_BROWSER.ours}`);
    await page.locator(FIRST_ROW.ours).first().waitFor({ state: 'visible' });
    // The pager, e.g. "1–25 of 10000".
    const ours = {
      rows: await page.locator(FIRST_ROW.ours).count(),
      shows: await textMatching(page, /\d\s*[–-]\s*\d+\s+of\s+[\d,]+/),
    };
    await page.goto(`${APP_URL}${PAGE_IN_BROWSER.catalog}`);
    await page.locator(FIRST_ROW.catalog).first().waitFor({ state: 'visible' });
    // The table's title, e.g. "All social-media components (10000)".
    const catalog = {
      rows: await page.locator(FIRST_ROW.catalog).count(),
      shows: await textMatching(page, /\(\d[\d,]*\)/),
    };
    return { ours, catalog };
  } finally {
    await page.close();
  }
}

/** Signs in as the guest on the sign-in page, as the end-to-end tests do; new pages stay signed in. */
async function signIn(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(PAGE_IN_BROWSER.timeoutMs);
    await page.goto(`${APP_URL}/`);
    await page
      .getByRole('heading', { name: 'Select a sign-in method' })
      .waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Enter' }).click();
    // Signed in once the portal's navigation replaces the sign-in page.
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog' })
      .waitFor({ state: 'visible' });
  } finally {
    await page.close();
  }
}

/**
 * Times both pages, interleaved (which goes first alternates), each sample a new page in the
 * signed-in browser context: the app starts from nothing each time, its code from the browser's
 * cache (both pages load the same app), and signs in again with the remembered guest choice.
 */
export async function benchPageInBrowser(options: {
  database: string;
  app: AppBuild;
}): Promise<PageInBrowserResult> {
  const { database, app } = options;
  const result: PageInBrowserResult = {
    appBuildMs: app.ms,
    urls: { ours: PAGE_IN_BROWSER.ours, catalog: PAGE_IN_BROWSER.catalog },
  };
  if (!app.ok) {
    result.error = app.error;
    return result;
  }
  const executablePath = findChromium();
  if (!executablePath) {
    result.error =
      'Chromium is missing (Debian: apt-get install chromium, or set CHROMIUM_PATH)';
    return result;
  }
  // The repository's Playwright (a devDependency of the root), as scripts/production-check.mjs
  // takes it.
  const { chromium } = require(require.resolve('@playwright/test', {
    paths: [repoRoot],
  })) as typeof import('@playwright/test');
  let browser: Browser | undefined;
  const closer = { stop: async () => browser?.close() };
  scratchServers.add(closer);
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      timeout: PAGE_IN_BROWSER.timeoutMs,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    result.browser = browser.version();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
    });
    await signIn(context);
    const sides: Side[] = ['ours', 'catalog'];
    for (let i = 0; i < PAGE_IN_BROWSER.warmup; i++) {
      for (const side of sides) await timeOnce(context, side);
    }
    const times: Record<Side, ColdTimes[]> = { ours: [], catalog: [] };
    log(
      `${database}: timing the pages in Chromium, ${PAGE_IN_BROWSER.samples} navigations each`,
    );
    for (let i = 0; i < PAGE_IN_BROWSER.samples; i++) {
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) times[side].push(await timeOnce(context, side));
    }
    result.ours = summarize(times.ours.map(t => t.observed));
    result.catalog = summarize(times.catalog.map(t => t.observed));
    result.oursPerCatalog = {
      p50: result.ours.p50 / result.catalog.p50,
      p95: result.ours.p95 / result.catalog.p95,
    };
    const oursPainted = summarize(times.ours.map(t => t.painted));
    const catalogPainted = summarize(times.catalog.map(t => t.painted));
    result.byLocator = {
      ours: summarize(times.ours.map(t => t.byLocator)),
      catalog: summarize(times.catalog.map(t => t.byLocator)),
    };
    result.painted = {
      ours: oursPainted,
      catalog: catalogPainted,
      busyAfterRow: {
        ours: summarize(times.ours.map(t => t.busyAfterRow)),
        catalog: summarize(times.catalog.map(t => t.busyAfterRow)),
      },
      oursPerCatalog: {
        p50: oursPainted.p50 / catalogPainted.p50,
        p95: oursPainted.p95 / catalogPainted.p95,
      },
    };
    log(
      `${database}: timing the pages in Chromium, ${PAGE_IN_BROWSER.samples} navigations each from another page of the portal`,
    );
    const inApp: Record<Side, number[]> = { ours: [], catalog: [] };
    for (let i = 0; i < PAGE_IN_BROWSER.samples; i++) {
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order)
        inApp[side].push(await timeInApp(context, side));
    }
    const oursInApp = summarize(inApp.ours);
    const catalogInApp = summarize(inApp.catalog);
    result.inApp = {
      from: PAGE_IN_BROWSER.inAppFrom,
      ours: oursInApp,
      catalog: catalogInApp,
      oursPerCatalog: {
        p50: oursInApp.p50 / catalogInApp.p50,
        p95: oursInApp.p95 / catalogInApp.p95,
      },
    };
    // For the report only: a failure here leaves the timings as they are.
    result.shown = await describePages(context).catch(error => {
      log(
        `${database}: could not read what the pages show: ${messageOf(error)}`,
      );
      return undefined;
    });
    log(
      `${database}: first row visible p50 ours ${result.ours.p50.toFixed(
        0,
      )} ms, catalog ${result.catalog.p50.toFixed(
        0,
      )} ms (drawn at ${oursPainted.p50.toFixed(
        0,
      )} and ${catalogPainted.p50.toFixed(
        0,
      )} ms); from another page ${oursInApp.p50.toFixed(
        0,
      )} ms, catalog ${catalogInApp.p50.toFixed(0)} ms`,
    );
  } catch (error) {
    result.error = messageOf(error);
    log(`${database}: the page in Chromium: FAILED: ${result.error}`);
  } finally {
    await browser?.close().catch(() => {});
    scratchServers.delete(closer);
  }
  return result;
}
