// The NOC wall left open while the estate flaps (issue 16): JS heap and DOM nodes each minute, and whether the
// wall still follows the estate at the end; beside it ten viewers poll the overview every 10 s, and the console's
// RSS is read each minute ("10 viewers for 7 minutes: flat after warm-up, < 250 MiB"). Figures, never assertions.
import { scenarios } from '../../sim/scenarios';
import type { Stack } from '../stack/stack';
import { launchBenchChromium, signedInContext } from './js-weight';
import { readGroupRssMiB } from './overview-load';

// Scenarios that turn different sections red, so tiles change size, order and colour at every flip.
const FLAPPING = ['pms-outage', 'call-failures', 'healthy', 'voice-latency', 'error-rate', 'healthy'];
const FLIP_EVERY_MS = 20_000;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const SOAK_VIEWERS = 10;
const SOAK_POLL_MS = 10_000;

/** Viewers polling the overview as the browser does (If-None-Match), spread over the interval, until stopped. */
function startPollingViewers(consoleUrl: string, cookie: string): { stop(): Promise<{ answers: number; errors: number }> } {
  let running = true;
  let answers = 0;
  let errors = 0;
  const viewer = async (offsetMs: number) => {
    let etag: string | null = null;
    await new Promise((resolve) => setTimeout(resolve, offsetMs));
    while (running) {
      const headers: Record<string, string> = etag ? { cookie, 'if-none-match': etag } : { cookie };
      const response = await fetch(`${consoleUrl}/api/sections`, { headers }).catch(() => null);
      if (response && (response.ok || response.status === 304)) {
        answers += 1;
        etag = response.headers.get('etag') ?? etag;
        await response.arrayBuffer();
      } else errors += 1;
      await new Promise((resolve) => setTimeout(resolve, SOAK_POLL_MS));
    }
  };
  const all = Array.from({ length: SOAK_VIEWERS }, (_, i) => viewer((i * SOAK_POLL_MS) / SOAK_VIEWERS));
  return {
    async stop() {
      running = false;
      await Promise.all(all);
      return { answers, errors };
    },
  };
}

/**
 * The console's V8 heap in use and its total, from its own metrics: beside RSS they tell memory that is live from
 * memory freed but still held by the process (a high-water mark left by an earlier load).
 */
async function readConsoleHeap(consoleUrl: string, metricsToken: string | undefined): Promise<string> {
  if (!metricsToken) return '';
  try {
    const lines = (await (await fetch(`${consoleUrl}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text()).split('\n');
    const value = (name: string) => Number(lines.find((l) => l.startsWith(`voicehive_ops_${name} `))?.split(' ')[1]) / 2 ** 20;
    return `, V8 heap ${value('nodejs_heap_size_used_bytes').toFixed(0)} MiB used of ${value('nodejs_heap_size_total_bytes').toFixed(0)}, external ${value('nodejs_external_memory_bytes').toFixed(0)} MiB`;
  } catch (error) {
    return `, heap unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function measureWallSoak(stack: Stack, cookie: string, metricsToken?: string, minutes = Number(process.env.BENCH_SOAK_MINUTES ?? 2)): Promise<void> {
  if (!(minutes > 0)) return console.log('NOC wall soak: skipped (BENCH_SOAK_MINUTES=0)');
  const consoleUrl = stack.console!.url;
  const browser = await launchBenchChromium();
  try {
    const context = await signedInContext(browser, consoleUrl, cookie);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // The wall takes the overview from the stream (one response, then frames) and polls only as its fallback.
    let answers = 0;
    let streams = 0;
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname === '/api/sections' && response.status() < 400) answers += 1;
      if (pathname === '/api/sections/stream' && response.status() < 400) streams += 1;
    });
    const feed = () => page.getByTestId('noc-board').getAttribute('data-feed').catch(() => null);
    await page.goto('/noc');
    await page.locator('[data-testid="noc-tile"]:not([data-placeholder])').first().waitFor({ timeout: 60_000 });

    const sample = async () => {
      // A collection first, so the heap figure is what the wall keeps, not garbage not yet collected.
      await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
      return { heap: metric('JSHeapUsedSize'), nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
    };
    console.log(`NOC wall soak: ${minutes} min in Chromium, the estate flipping every ${FLIP_EVERY_MS / 1000} s (${FLAPPING.join(' → ')}); ${SOAK_VIEWERS} viewers polling the overview every ${SOAK_POLL_MS / 1000} s beside it:`);
    const rss = async () => `console RSS ${readGroupRssMiB(stack.console!.pid).toFixed(0)} MiB${await readConsoleHeap(stack.console!.url, metricsToken)}`;
    const viewers = startPollingViewers(consoleUrl, cookie);
    const first = await sample();
    console.log(`  minute 0: JS heap ${mb(first.heap)}, DOM nodes ${first.nodes}, listeners ${first.listeners}; ${await rss()}`);
    const t0 = Date.now();
    let flip = 0;
    let nextSample = 60_000;
    while (Date.now() - t0 < minutes * 60_000) {
      stack.setScenario(FLAPPING[flip % FLAPPING.length]!);
      flip += 1;
      const flipEnd = Date.now() + FLIP_EVERY_MS;
      while (Date.now() < flipEnd) {
        await page.waitForTimeout(1000);
        if (Date.now() - t0 >= nextSample) {
          const now = await sample();
          console.log(`  minute ${Math.round(nextSample / 60_000)}: JS heap ${mb(now.heap)}, DOM nodes ${now.nodes}, listeners ${now.listeners}, fed by ${await feed()} (${streams} streams opened, ${answers} polls answered so far); ${await rss()}`);
          nextSample += 60_000;
        }
      }
    }
    // Still live: a last switch must reach the wall (the contract's severity on its tile) within a minute.
    const last = scenarios.find((s) => s.id === 'pms-outage')!;
    stack.setScenario(last.id);
    const [sectionId, severity] = Object.entries(last.expected)[0]!;
    const started = Date.now();
    const live = await page
      .locator(`[data-testid="noc-tile"][data-section-id="${sectionId}"][data-severity="${severity}"][data-stale="false"]`)
      .waitFor({ timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    const end = await sample();
    const polled = await viewers.stop();
    console.log(`  end: JS heap ${mb(end.heap)} (${end.heap >= first.heap ? '+' : ''}${mb(end.heap - first.heap)}), DOM nodes ${end.nodes} (${end.nodes - first.nodes >= 0 ? '+' : ''}${end.nodes - first.nodes}), fed by ${await feed()} (${streams} streams opened, ${answers} polls answered)`);
    console.log(`  ${SOAK_VIEWERS} viewers: ${polled.answers} answers, ${polled.errors} errors; ${await rss()} at the end`);
    console.log(`  still live at the end: ${live ? `yes (${last.id} shown as ${sectionId} ${severity} after ${((Date.now() - started) / 1000).toFixed(1)} s)` : 'NO (the last switch did not reach the wall within 60 s)'}`);
    stack.setScenario('healthy');
    await context.close();
  } finally {
    await browser.close();
  }
}
