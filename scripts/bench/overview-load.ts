import fs from 'node:fs';
import type { Stack } from '../stack/stack';

const viewers = Number(process.env.BENCH_VIEWERS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);

/** Resident memory of a process group (next start runs a child server), in MiB. */
export function readGroupRssMiB(pgid: number): number {
  let kib = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      kib += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* the process ended while we read it */
    }
  }
  return kib / 1024;
}

export async function countQueries(prometheusUrl: string): Promise<number> {
  const text = await (await fetch(`${prometheusUrl}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('prometheus_http_requests_total{') && /handler="\/api\/v1\/query(_range)?"/.test(l)).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Many viewers polling the overview: latency, Prometheus queries per interval, console memory. */
export async function measureOverviewLoad(stack: Stack, pollMs: number, headers: Record<string, string>): Promise<void> {
  const url = `${stack.console!.url}/api/sections`;
  await fetch(url, { headers }); // warm up: first cache fill
  const rssBefore = readGroupRssMiB(stack.console!.pid);
  const queriesBefore = await countQueries(stack.prometheus.url);
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: viewers }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * pollMs) / viewers)); // viewers do not poll in lockstep
      while (Date.now() < end) {
        const t0 = performance.now();
        const response = await fetch(url, { headers }).catch(() => null);
        if (!response?.ok) errors += 1;
        await response?.arrayBuffer();
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }),
  );
  const queries = (await countQueries(stack.prometheus.url)) - queriesBefore;
  latencies.sort((a, b) => a - b);
  console.log(`overview load: ${viewers} viewers polling every ${pollMs} ms for ${seconds} s → ${latencies.length} requests, ${errors} errors`);
  console.log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`);
  console.log(`  Prometheus queries: ${queries} in ${seconds} s = ${(queries / ((seconds * 1000) / pollMs)).toFixed(1)} per polling interval, whatever the number of viewers`);
  console.log(`  console memory (RSS, all its processes): ${rssBefore.toFixed(0)} MiB before, ${readGroupRssMiB(stack.console!.pid).toFixed(0)} MiB after`);
}

