// The bench's naive proxy (issue 16): what a per-viewer dashboard does. Every GET /api/sections sends that viewer's
// section queries straight to Prometheus (every signal's instant query and the key signal's sparkline range), with
// no cache, no sharing and no validator, and answers their results. Run as its own process, like the console, so
// the load generator's CPU is not its CPU. PROMETHEUS_URL, NAIVE_PORT, SIGNAL_WINDOW, HISTORY_LOOKBACK, HISTORY_STEP.
// A section page's reads too (its section's queries, each chart's range, the PMS panel's figures), and GET /queries:
// how many queries this proxy sent, so the bench counts what it costs and not what another process asks meanwhile.
import http from 'node:http';
import path from 'node:path';
import { bindExporterSelectors } from '../../lib/catalog/bind-selectors';
import { defaultSelectors } from '../../lib/catalog/exporter-selectors';
import { loadCatalog } from '../../lib/catalog/load';
import { parseDurationMs } from '../../lib/env';

const prometheus = process.env.PROMETHEUS_URL!;
const window = process.env.SIGNAL_WINDOW ?? '5m';
const lookbackMs = parseDurationMs(process.env.HISTORY_LOOKBACK ?? '1h');
const stepMs = parseDurationMs(process.env.HISTORY_STEP ?? '15s');
const sections = bindExporterSelectors(loadCatalog(path.resolve(__dirname, '..', '..', 'runbooks')), defaultSelectors());

let sent = 0;

async function ask(pathname: string, params: Record<string, string>, signal: AbortSignal): Promise<unknown> {
  sent += 1;
  const response = await fetch(`${prometheus}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params), signal });
  const body = (await response.json()) as { data?: unknown; error?: string };
  return response.ok ? body.data : { error: body.error ?? `HTTP ${response.status}` };
}

async function everySection(signal: AbortSignal, only = sections): Promise<unknown[]> {
  const end = Date.now() / 1000;
  return Promise.all(
    only.map(async (section) => {
      const signals = await Promise.all(section.signals.map((s) => ask('/api/v1/query', { query: s.query.replaceAll('$window', window) }, signal)));
      const key = section.signals.find((s) => s.id === section.keySignal)!;
      const sparkline = await ask('/api/v1/query_range', { query: key.query.replaceAll('$window', window), start: String(end - lookbackMs / 1000), end: String(end), step: `${stepMs / 1000}s` }, signal);
      return { id: section.id, signals, sparkline };
    }),
  );
}

const rangeSeconds: Record<string, number> = { '15m': 900, '1h': 3_600, '6h': 21_600, '24h': 86_400 };

/** What a section page's requests ask of Prometheus, straight: its section, a chart over its range, a PMS panel's figures. */
function answer(url: URL, signal: AbortSignal): Promise<unknown> {
  const [, , , id, kind, panelId] = url.pathname.split('/'); // /api/sections/:id[/panels|pms/:panel]
  const section = sections.find((s) => s.id === id);
  if (!id) return everySection(signal).then((body) => ({ generatedAt: Date.now(), sections: body }));
  if (!section) return Promise.reject(new Error(`no section ${id}`));
  if (!kind) return everySection(signal, [section]).then(([status]) => ({ generatedAt: Date.now(), status }));
  const panel = section.panels.find((p) => p.id === panelId);
  if (panel?.kind === 'timeseries') {
    const span = rangeSeconds[url.searchParams.get('range') ?? '1h'] ?? 3_600;
    const end = Date.now() / 1000;
    return ask('/api/v1/query_range', { query: panel.query.replaceAll('$window', window), start: String(end - span), end: String(end), step: `${Math.max(1, Math.round(span / 120))}s` }, signal);
  }
  if (panel?.kind === 'pms-vendors') {
    const queries = [panel.requestsQuery, panel.latencyQuery, panel.breaker?.query].filter((q): q is string => Boolean(q));
    return Promise.all(queries.map((q) => ask('/api/v1/query', { query: q.replaceAll('$window', window) }, signal)));
  }
  return Promise.reject(new Error(`no panel ${panelId}`));
}

const server = http.createServer((request, response) => {
  if (request.url === '/health') return void response.end('ok');
  if (request.url === '/queries') return void response.end(String(sent));
  // A viewer that gave up (its own timeout) stops its queries too, as a closed dashboard tab does.
  const gone = new AbortController();
  const timer = setTimeout(() => gone.abort(), 15_000);
  response.on('close', () => {
    clearTimeout(timer);
    gone.abort();
  });
  answer(new URL(request.url ?? '/', 'http://naive'), gone.signal)
    .then((body) => response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body)))
    .catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) response.writeHead(502).end(String(error));
    });
});
server.listen(Number(process.env.NAIVE_PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
