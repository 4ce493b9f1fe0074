// Issue 16: the same viewer load against a naive proxy (scripts/bench/naive-proxy-main.ts: each viewer's section
// queries straight to Prometheus) and against the console, at 50 and 500 viewers polling every 10 s and every 2 s;
// console memory before, after and 60 s after the load; time from starting the console to its first overview.
// Figures are printed, never asserted (the machine is shared and noisy). Push (SSE) is not measured here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCpuProfile } from './cpu-profile';
import { startConsole } from '../stack/console';
import type { Stack } from '../stack/stack';
import { failOnExit, findFreePort, isHttpOk, startProcess, stopProcess, waitUntil } from '../stack/processes';
import { loadCatalog } from '../../lib/catalog/load';
import { countQueries, readGroupRssMiB } from './overview-load';

/** CPU time (user + system) used so far by a process group, in ms: what each answer cost the console. */
export function readGroupCpuMs(pgid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid) continue;
      ticks += Number(rest[11]) + Number(rest[12]); // utime, stime
    } catch {
      /* the process ended while we read it */
    }
  }
  return ticks * tick;
}

const measuredSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
// The same load, unmeasured, before each console run: every chart and panel the viewers open gets its first value
// (a chart is polled every 30 s), so the run measures viewers served from snapshots, not the first loads. 0: none.
const warmUpSeconds = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 35);
const viewerCounts = (process.env.BENCH_LOAD_VIEWERS ?? '1,50,500').split(',').map(Number);
const pollIntervals = (process.env.BENCH_LOAD_POLL_MS ?? '10000,2000').split(',').map(Number);
const REQUEST_TIMEOUT_MS = 15_000; // the browser's own limit (lib/client/api.ts)

/** What a server says of itself after a run: the queries it sent; the console also its event loop's delay since the last read. */
type ServerCount = { queries: number; loopDelay?: { p99Ms: number; maxMs: number } };
const burst = process.env.BENCH_LOAD_BURST === '1';
type Figures = { loopDelay: ServerCount['loopDelay']; byKind: string; unanswered: number; requests: number; errors: number; notModified: number; perSecond: number; p50: number; p95: number; p99: number; queriesPerInterval: number; allQueriesPerInterval: number; serverCpuMsPerRequest: number; clientCpuPercent: number; loadAverage: number };

/** The bench must end by itself: a step that does not answer within a minute fails it instead of hanging it. */
async function withTimeout<T>(promise: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** What a request is, for latencies by kind: the overview, a section, a chart, the PMS panel. */
const kindOf = (pollPath: string) => (pollPath.includes('/panels/') ? 'chart' : pollPath.includes('/pms/') ? 'pms panel' : pollPath === '/api/sections' ? 'overview' : 'section');

function describeByKind(byKind: Map<string, number[]>): string {
  return [...byKind]
    .map(([kind, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `${kind} ${sorted.length}: p50 ${percentile(sorted, 50).toFixed(1)}, p95 ${percentile(sorted, 95).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
    })
    .join('; ');
}

/** One thing a viewer's page polls, and how often (a chart polls no faster than its points: lib/client/use-panel-series.ts). */
type Poll = { path: string; everyMs: number };
type Page = { label: string; polls: Poll[] };

/**
 * What each viewer has open. Every fifth viewer (the first included, so a lone viewer is one too) is on a section
 * page: its section, each chart (1 h, the page's default), its PMS panel; the others on the overview. Section
 * viewers spread over BENCH_SECTION_PAGES (sections with charts and the PMS panel: an incident's usual pages).
 * Workloads and log panels read Kubernetes, not Prometheus, and are left out.
 */
function pagesFor(root: string, pollMs: number): (viewer: number) => Page {
  const catalog = loadCatalog(path.join(root, 'runbooks'));
  const ids = (process.env.BENCH_SECTION_PAGES ?? 'call-failures,pms-connection,voice-latency').split(',');
  const sectionPages = ids.map((id): Page => {
    const section = catalog.find((s) => s.id === id);
    if (!section) throw new Error(`BENCH_SECTION_PAGES: no section ${id}`);
    const polls: Poll[] = [{ path: `/api/sections/${id}`, everyMs: pollMs }];
    for (const panel of section.panels) {
      if (panel.kind === 'timeseries') polls.push({ path: `/api/sections/${id}/panels/${panel.id}?range=1h`, everyMs: Math.max(pollMs, 30_000) });
      if (panel.kind === 'pms-vendors') polls.push({ path: `/api/sections/${id}/pms/${panel.id}`, everyMs: pollMs });
    }
    return { label: id, polls };
  });
  const overview: Page = { label: 'overview', polls: [{ path: '/api/sections', everyMs: pollMs }] };
  return (viewer) => (viewer % 5 === 0 ? sectionPages[(viewer / 5) % sectionPages.length]! : overview);
}

/**
 * Prometheus queries a console sent, by its own counter (read with the bench's METRICS_TOKEN): only what it costs.
 * Also its event loop's delay since the previous read (prom-client resets that histogram on every read): a request
 * waits at least as long as the loop is blocked, so a tail the size of this max is the loop's, not per-request work.
 */
async function countConsoleQueries(consoleUrl: string, metricsToken: string): Promise<ServerCount> {
  const lines = (await (await fetch(`${consoleUrl}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text()).split('\n');
  const gauge = (name: string) => Number(lines.find((l) => l.startsWith(`voicehive_ops_nodejs_eventloop_lag_${name}_seconds `))?.split(' ')[1]) * 1000;
  return {
    queries: lines.filter((l) => l.startsWith('voicehive_ops_upstream_requests_total{') && l.includes('upstream="prometheus"')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0),
    loopDelay: { p99Ms: gauge('p99'), maxMs: gauge('max') },
  };
}

/**
 * `viewers` pages, each poll waiting its interval after an answer, as the pages' polling does; the console's get
 * If-None-Match. Queries are counted by the server under load itself (`sentQueries`), and at Prometheus from every
 * source (the stack's own console and the other server idle beside it included) for comparison.
 */
async function runLoad(baseUrl: string, pageOf: (viewer: number) => Page, headers: Record<string, string>, viewers: number, pollMs: number, prometheusUrl: string, sentQueries: () => Promise<ServerCount>, revalidate: boolean, serverPgid: number, seconds = measuredSeconds): Promise<Figures> {
  const { queries: queriesBefore } = await withTimeout(sentQueries(), 'counting the server\'s queries');
  const allBefore = await withTimeout(countQueries(prometheusUrl), 'counting Prometheus queries');
  const serverCpuBefore = readGroupCpuMs(serverPgid);
  const clientCpuBefore = process.cpuUsage();
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  let errors = 0;
  let notModified = 0;
  let inFlight = 0;
  const startedAt = Date.now();
  const end = startedAt + seconds * 1000;
  const polls = Array.from({ length: viewers }, (_, i) => pageOf(i).polls.map((poll) => ({ ...poll, viewer: i }))).flat();
  const viewersDone = Promise.all(
    polls.map(async ({ path: pollPath, everyMs, viewer: i }) => {
      const url = `${baseUrl}${pollPath}`;
      let etag: string | null = null;
      // Not in lockstep: each poll starts at its own point of its own interval (a chart polled every 30 s included),
      // as viewers who opened their pages at different times. BENCH_LOAD_BURST=1: every page opened within one
      // polling interval, as at an incident's start (each chart's first poll then lands in those few seconds).
      const spreadMs = Math.min(burst ? pollMs : everyMs, seconds * 1000);
      await new Promise((r) => setTimeout(r, (i * spreadMs) / viewers));
      while (Date.now() < end) {
        const t0 = performance.now();
        // A timer of our own (not AbortSignal.timeout, whose signal was seen never to fire here): every request ends.
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(new Error('timeout')), REQUEST_TIMEOUT_MS);
        inFlight += 1;
        try {
          const response: Response = await fetch(url, { headers: revalidate && etag ? { ...headers, 'if-none-match': etag } : headers, signal: abort.signal });
          await response.arrayBuffer();
          if (response.status === 304) notModified += 1;
          else if (response.ok) etag = response.headers.get('etag');
          else errors += 1;
        } catch {
          errors += 1;
        } finally {
          clearTimeout(timer);
          inFlight -= 1;
        }
        const took = performance.now() - t0;
        latencies.push(took);
        const kind = kindOf(pollPath);
        if (!byKind.has(kind)) byKind.set(kind, []);
        byKind.get(kind)!.push(took);
        // Never past the run's end: a chart's 30 s wait would otherwise stretch the run, and every rate with it.
        await new Promise((r) => setTimeout(r, Math.min(everyMs, Math.max(0, end - Date.now()))));
      }
    }),
  );
  // A run the server (or this machine) cannot finish is reported with what it answered, not abandoned.
  const unanswered = await withTimeout(viewersDone, `${viewers} viewers of ${baseUrl}`, seconds * 1000 + pollMs + REQUEST_TIMEOUT_MS + 30_000).then(
    () => 0,
    () => inFlight,
  );
  const elapsedMs = Date.now() - startedAt;
  const serverCpuMs = readGroupCpuMs(serverPgid) - serverCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const after = await withTimeout(sentQueries(), 'counting the server\'s queries');
  const queries = after.queries - queriesBefore;
  const allQueries = (await withTimeout(countQueries(prometheusUrl), 'counting Prometheus queries')) - allBefore;
  latencies.sort((a, b) => a - b);
  return {
    loopDelay: after.loopDelay,
    byKind: describeByKind(byKind),
    unanswered,
    requests: latencies.length,
    errors,
    notModified,
    perSecond: latencies.length / (elapsedMs / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    queriesPerInterval: queries / (elapsedMs / pollMs),
    allQueriesPerInterval: allQueries / (elapsedMs / pollMs),
    serverCpuMsPerRequest: serverCpuMs / Math.max(1, latencies.length),
    // The load generator runs on the same cores: if it is near 100 % of one core, it is what limits the figures.
    clientCpuPercent: ((clientCpu.user + clientCpu.system) / 1000 / elapsedMs) * 100,
    loadAverage: os.loadavg()[0]!,
  };
}

async function startNaiveProxy(root: string, logDir: string, env: Record<string, string>) {
  const port = await findFreePort();
  const logFile = path.join(logDir, 'naive-proxy.log');
  const child = startProcess('naive-proxy', path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'bench', 'naive-proxy-main.ts')], {
    cwd: root,
    logFile,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env, NAIVE_PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntil(() => isHttpOk(`${url}/health`), 'the naive proxy', 60_000, 100), failOnExit(child, 'naive-proxy', logFile)]);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, pid: child.pid!, stop: () => stopProcess(child) };
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/**
 * The comparison, console against naive proxy, for every viewer count and polling interval. The console evaluates
 * once per its POLL_INTERVAL_MS (issue 16), so each polling interval gets a console configured with it, as a
 * deployment polling that often would be; its memory is read before, after the load and 60 s later.
 */
export async function measureViewerLoad(root: string, stack: Stack, headers: Record<string, string>, consoleEnv: Record<string, string>, startEnv: Record<string, string>, metricsToken: string): Promise<void> {
  const logDir = path.join(root, '.run', 'bench');
  const naive = await startNaiveProxy(root, logDir, { PROMETHEUS_URL: stack.prometheus.url, SIGNAL_WINDOW: consoleEnv.SIGNAL_WINDOW!, HISTORY_LOOKBACK: consoleEnv.HISTORY_LOOKBACK!, HISTORY_STEP: consoleEnv.HISTORY_STEP! });
  try {
    console.log(`viewer load (issue 16): the console (its session checked, If-None-Match as a browser sends it) against a naive proxy (each viewer's`);
    console.log(`  queries straight to Prometheus), ${measuredSeconds} s per run${warmUpSeconds > 0 ? ` after ${warmUpSeconds} s of the same load on the console, unmeasured (BENCH_LOAD_WARMUP_SECONDS)` : ''}. Four viewers in five poll the overview; every fifth (a lone viewer too) a section`);
    console.log(`  page: its section, its charts (1 h, every max(interval, 30 s)) and its PMS panel, over ${process.env.BENCH_SECTION_PAGES ?? 'call-failures,pms-connection,voice-latency'}.`);
    console.log(burst ? '  BENCH_LOAD_BURST=1: every viewer opens its page within the first polling interval (an incident\'s start).' : '  Each poll starts at its own point of its own interval (viewers who opened their pages at different times).');
    console.log(`  Prometheus queries per interval: sent by the server under load, by its own count (the console's upstream counter, the proxy's);`);
    console.log(`  in brackets all that reached Prometheus meanwhile (the stack's own console and the idle other server included).`);
    console.log(`  Server CPU per request read from /proc; the load generator's own CPU (same machine) and the 1-min load average per run`);
    for (const pollMs of pollIntervals) {
      const port = await findFreePort();
      // BENCH_CPU_PROF=1: the console under load runs with V8's sampling profiler, written when it stops (described below).
      const profileDir = path.join(logDir, `console-poll-${pollMs}`, `cpu-profile-${process.pid}`);
      const nodeArgs = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      const ours = await startConsole({ port, root, nodeArgs, logDir: path.join(logDir, `console-poll-${pollMs}`), env: { ...startEnv, POLL_INTERVAL_MS: String(pollMs), CONSOLE_URL: `http://127.0.0.1:${port}` } });
      try {
        const consoleUrl = `${ours.url}/api/sections`;
        const sentByConsole = () => countConsoleQueries(ours.url, metricsToken);
        const sentByNaive = async () => ({ queries: Number(await (await fetch(`${naive.url}/queries`)).text()) });
        const pages = pagesFor(root, pollMs);
        // The first snapshot, read as JSON: an answer compressed twice (the snapshot's gzip, then the server's) fails here.
        const first = await fetch(consoleUrl, { headers });
        console.log(`  console polled every ${pollMs / 1000} s: first answer HTTP ${first.status}, content-encoding ${first.headers.get('content-encoding') ?? 'none'}, ${((await first.json()) as { sections: unknown[] }).sections.length} sections`);
        const rssBefore = readGroupRssMiB(ours.pid);
        // What Prometheus is asked with no viewer at all (background jobs of the consoles running, the estate's own).
        const { queries: idleFrom } = await sentByConsole();
        const idleAllFrom = await countQueries(stack.prometheus.url);
        await new Promise((r) => setTimeout(r, 2 * pollMs));
        console.log(`  console polled every ${pollMs / 1000} s, no viewers: ${((await sentByConsole()).queries - idleFrom) / 2} Prometheus queries per interval (${((await countQueries(stack.prometheus.url)) - idleAllFrom) / 2} at Prometheus from every source)`);
        for (const viewers of viewerCounts) {
          if (warmUpSeconds > 0) await runLoad(ours.url, pages, headers, viewers, pollMs, stack.prometheus.url, sentByConsole, true, ours.pid, warmUpSeconds);
          const mine = await runLoad(ours.url, pages, headers, viewers, pollMs, stack.prometheus.url, sentByConsole, true, ours.pid);
          const theirs = await runLoad(naive.url, pages, {}, viewers, pollMs, stack.prometheus.url, sentByNaive, false, naive.pid);
          const label = `${viewers} viewers every ${pollMs / 1000} s`;
          for (const [who, f] of [['console', mine], ['naive  ', theirs]] as const) {
            console.log(
              `  ${label}, ${who}: ${f.perSecond.toFixed(1)} req/s (${f.requests} requests, ${f.notModified} × 304), ${f.errors} errors${f.unanswered ? `, ${f.unanswered} still unanswered when the run was cut off` : ''}, p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, p99 ${ms(f.p99)}, ${f.queriesPerInterval.toFixed(1)} Prometheus queries per interval (${f.allQueriesPerInterval.toFixed(1)} at Prometheus); server CPU ${f.serverCpuMsPerRequest.toFixed(2)} ms/request, load generator ${f.clientCpuPercent.toFixed(0)} % of a core, load average ${f.loadAverage.toFixed(1)}`,
            );
          }
          console.log(`  ${label}, console by kind: ${mine.byKind}`);
          if (mine.loopDelay) console.log(`  ${label}, console's event loop delay over the run: p99 ${ms(mine.loopDelay.p99Ms)}, max ${ms(mine.loopDelay.maxMs)}`);
          console.log(`  ${label}, console/naive: req/s ${ratio(mine.perSecond, theirs.perSecond)}, p50 ${ratio(mine.p50, theirs.p50)}, p95 ${ratio(mine.p95, theirs.p95)}, p99 ${ratio(mine.p99, theirs.p99)}, queries per interval ${ratio(mine.queriesPerInterval, theirs.queriesPerInterval)}`);
        }
        const rssAfter = readGroupRssMiB(ours.pid);
        await new Promise((r) => setTimeout(r, 60_000));
        console.log(`  console polled every ${pollMs / 1000} s, memory (RSS, all its processes): ${rssBefore.toFixed(0)} MiB before the load, ${rssAfter.toFixed(0)} MiB after it, ${readGroupRssMiB(ours.pid).toFixed(0)} MiB 60 s later`);
      } finally {
        await ours.stop();
      }
      if (fs.existsSync(profileDir)) for (const file of fs.readdirSync(profileDir)) console.log(describeCpuProfile(path.join(profileDir, file)).join('\n'));
    }
  } finally {
    await naive.stop();
  }
}

/** From starting the built console (server.mjs, as `next start` in production) to its first overview served to a viewer. */
export async function measureStartToFirstOverview(root: string, env: Record<string, string>, headers: Record<string, string>): Promise<void> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(root, '.run', 'bench', 'console-start.log');
  const startedAt = performance.now();
  const child = startProcess('console-start', process.execPath, [path.join(root, 'server.mjs'), '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    logFile,
    env: { ...process.env, NODE_ENV: 'production', ...env, CONSOLE_URL: url },
  });
  try {
    let healthyAt = NaN;
    const firstOverview = async () => {
      if (Number.isNaN(healthyAt) && (await isHttpOk(`${url}/api/health`))) healthyAt = performance.now();
      const response = await fetch(`${url}/api/sections`, { headers }).catch(() => null);
      await response?.arrayBuffer();
      return response?.status === 200;
    };
    await Promise.race([waitUntil(firstOverview, 'the first overview from a fresh console', 120_000, 50), failOnExit(child, 'console-start', logFile)]);
    const servedAt = performance.now();
    console.log(`start-up: ${(servedAt - startedAt).toFixed(0)} ms from starting the console to its first overview served (health answered after ${(healthyAt - startedAt).toFixed(0)} ms)`);
  } finally {
    await stopProcess(child);
  }
}
