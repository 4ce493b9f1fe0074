// JavaScript each page makes a real Chromium load (issue 16): figures, never assertions.
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';

// The same Debian Chromium and flags as the browser tests (playwright.config.ts).
export const benchChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: benchChromiumArgs });
}

/** A browser context holding the session cookie of `cookie` ("name=value") for `consoleUrl`. */
export async function signedInContext(browser: Browser, consoleUrl: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: consoleUrl });
  const at = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: consoleUrl }]);
  return context;
}

// recharts draws into a div of this class: a chunk holding the name carries the charting library.
const CHART_LIBRARY_MARK = 'recharts-wrapper';

export type ScriptLoad = { url: string; served: number; gzip: number; encoding: string | null; chartLibrary: boolean };
export type PageWeight = {
  path: string;
  scripts: ScriptLoad[];
  served: number;
  gzip: number;
  raw: number;
  chartLibrary: boolean;
  /** Gzip of the scripts requested by the time the page had loaded and showed its data (`ready`): what it needs to open. */
  atReadyGzip: number;
  /** Milliseconds from navigation to `ready` (on the page's own clock), and to the end of `interact` (a section: its charts drawn). */
  readyMs: number;
  /** The browser's own navigation timing (ms from navigation): the HTML's first byte, its last, DOMContentLoaded, load. */
  timing: { firstByte: number; htmlDone: number; domContentLoaded: number; load: number };
  interactMs: number | null;
};

/**
 * Every script the page loads, including what its links prefetch, until the network has been idle for a while:
 * `served` is the body as sent (gzip when the server compresses), `gzip` the same body gzipped here, so the figure
 * is comparable whatever the server in front does.
 */
/**
 * When `selector` first matches, in ms since the page's navigation started (its own clock, as navigation timing):
 * checked every animation frame in the page. (A locator's wait polls at growing intervals, up to 500 ms apart,
 * which once put a page whose HTML held the element at ~750 ms.)
 */
export async function shownAt(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : false), selector, { polling: 'raf', timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

export async function measurePageScripts(page: Page, path: string, ready: (page: Page) => Promise<number>, interact?: (page: Page) => Promise<void>): Promise<PageWeight> {
  const pending: Promise<ScriptLoad & { raw: number }>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    if (response.request().resourceType() !== 'script' && !/\.js(\?|$)/.test(new URL(url).pathname)) return;
    pending.push(
      (async () => {
        const body = await response.body().catch(() => Buffer.alloc(0));
        const sizes = await response.request().sizes().catch(() => null);
        const encoding = (await response.headerValue('content-encoding').catch(() => null)) ?? null;
        return { url, raw: body.length, served: sizes?.responseBodySize ?? body.length, gzip: zlib.gzipSync(body).length, encoding, chartLibrary: body.includes(CHART_LIBRARY_MARK) };
      })(),
    );
  });
  // Not until `load` (every script in): a page that brings its first data in its HTML shows it before that.
  await page.goto(path, { waitUntil: 'commit' });
  const readyMs = await ready(page);
  await page.waitForLoadState('load');
  const timing = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return { firstByte: nav?.responseStart ?? NaN, htmlDone: nav?.responseEnd ?? NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN, load: nav?.loadEventEnd ?? NaN };
  });
  const atReady = pending.length;
  // What a person does next that may fetch more (pointing at links makes them prefetch with priority).
  if (interact) await interact(page);
  const interactMs = interact ? await page.evaluate(() => performance.now()) : null;
  // Prefetches start once links are in view and scheduled: wait until nothing more arrives (polls are JSON, not scripts).
  await page.waitForLoadState('networkidle');
  let seen = -1;
  while (seen !== pending.length) {
    seen = pending.length;
    await page.waitForTimeout(1500);
  }
  const scripts = await Promise.all(pending);
  const unique = [...new Map(scripts.map((s) => [s.url, s])).values()];
  const early = new Set(scripts.slice(0, atReady).map((s) => s.url));
  return {
    readyMs,
    timing,
    interactMs,
    atReadyGzip: unique.filter((s) => early.has(s.url)).reduce((n, s) => n + s.gzip, 0),
    path,
    scripts: unique,
    served: unique.reduce((n, s) => n + s.served, 0),
    gzip: unique.reduce((n, s) => n + s.gzip, 0),
    raw: unique.reduce((n, s) => n + s.raw, 0),
    chartLibrary: unique.some((s) => s.chartLibrary),
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export type WeightTarget = { label: string; path: string; cookie: string; goalKb: number; ready: (page: Page) => Promise<number>; interact?: (page: Page) => Promise<void>; interactLabel?: string };

/** Prints the JavaScript weight of each page, cold cache, one fresh context per page. */
export async function measureJsWeight(consoleUrl: string, targets: WeightTarget[]): Promise<PageWeight[]> {
  const browser = await launchBenchChromium();
  const results: PageWeight[] = [];
  try {
    console.log('JavaScript per page, cold browser, Chromium (gzip; prefetches included):');
    for (const target of targets) {
      const context = await signedInContext(browser, consoleUrl, target.cookie);
      try {
        const page = await context.newPage();
        const weight = await measurePageScripts(page, target.path, target.ready, target.interact);
        results.push(weight);
        const largest = [...weight.scripts].sort((a, b) => b.gzip - a.gzip).slice(0, 3);
        console.log(
          `  ${target.label.padEnd(10)} ${kB(weight.gzip).padStart(9)} gzip (goal < ${target.goalKb} kB: ${weight.gzip / 1000 < target.goalKb ? 'met' : 'NOT met'}), ` +
            `${kB(weight.served)} as served, ${kB(weight.raw)} raw, ${weight.scripts.length} scripts, chart library ${weight.chartLibrary ? 'LOADED' : 'not loaded'}; ` +
            `${kB(weight.atReadyGzip)} gzip by the time it showed its data (the rest came after: lazy chunks, prefetches); ` +
            `data shown ${weight.readyMs.toFixed(0)} ms after navigation${weight.interactMs === null ? '' : `, ${target.interactLabel ?? 'interaction done'} ${weight.interactMs.toFixed(0)} ms`}; ` +
            `the browser's timing: HTML first byte ${weight.timing.firstByte.toFixed(0)} ms, HTML all in ${weight.timing.htmlDone.toFixed(0)} ms, DOMContentLoaded ${weight.timing.domContentLoaded.toFixed(0)} ms, load (every script) ${weight.timing.load.toFixed(0)} ms`,
        );
        if (process.env.BENCH_JS_DETAIL) for (const s of weight.scripts) console.log(`             ${new URL(s.url).pathname} ${kB(s.gzip)}${s.chartLibrary ? ' (charts)' : ''}`);
        console.log(`             largest: ${largest.map((s) => `${new URL(s.url).pathname.split('/').pop()} ${kB(s.gzip)}${s.chartLibrary ? ' (charts)' : ''}`).join(', ')}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
