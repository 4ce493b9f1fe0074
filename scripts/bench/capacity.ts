// Issue 16, "> 2,000 requests/s": what the console can serve from its snapshot, not what 500 viewers polling every
// 2 s ask of it (250 requests/s). A closed loop: CONNECTIONS clients each send the next request the moment the last
// is answered, for SECONDS, once revalidating (If-None-Match: 304, no body) and once fetching the body (gzip, as a
// browser accepts it). The load generator runs on the same cores; its CPU is printed so a limit of its own shows.
import http from 'node:http';
import os from 'node:os';
import { readGroupCpuMs } from './viewer-load';

const CONNECTIONS = Number(process.env.BENCH_CAPACITY_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_CAPACITY_SECONDS ?? 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** One request on a kept-alive connection: its status once the whole body has arrived. */
function get(url: string, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent, timeout: 15_000 }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function closedLoop(url: string, headers: Record<string, string>, serverPgid: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const serverCpuBefore = readGroupCpuMs(serverPgid);
  const clientCpuBefore = process.cpuUsage();
  const startedAt = Date.now();
  const end = startedAt + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          const status = await get(url, headers, agent);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedMs = Date.now() - startedAt;
  const serverCpuMs = readGroupCpuMs(serverPgid) - serverCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / (elapsedMs / 1000),
    statuses: [...statuses].map(([status, n]) => `${n} × ${status}`).join(', '),
    errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    serverCpuMsPerRequest: serverCpuMs / Math.max(1, latencies.length),
    clientCpuPercent: ((clientCpu.user + clientCpu.system) / 1000 / elapsedMs) * 100,
  };
}

/** The console's GET /api/sections at full speed, signed in (`cookie`), with and without a body. */
export async function measureCapacity(consoleUrl: string, cookie: string, serverPgid: number): Promise<void> {
  const url = `${consoleUrl}/api/sections`;
  const first = await fetch(url, { headers: { cookie } });
  const etag = first.headers.get('etag');
  await first.arrayBuffer();
  console.log(`capacity (issue 16, "> 2,000 requests/s"): GET /api/sections, ${CONNECTIONS} connections each sending its next request as soon as answered, ${SECONDS} s per run`);
  const runs: [string, Record<string, string>][] = [
    ['revalidating (If-None-Match → 304)', { cookie, ...(etag ? { 'if-none-match': etag } : {}) }],
    ['full body (Accept-Encoding: gzip)', { cookie, 'accept-encoding': 'gzip' }],
  ];
  for (const [name, headers] of runs) {
    const f = await closedLoop(url, headers, serverPgid);
    // A snapshot refreshed during the run turns later 304s into 200s: the statuses say how many of each.
    console.log(
      `  ${name}: ${f.perSecond.toFixed(0)} req/s (${f.statuses}), ${f.errors} errors, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; server CPU ${f.serverCpuMsPerRequest.toFixed(2)} ms/request, load generator ${f.clientCpuPercent.toFixed(0)} % of a core, load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
}
