import type { Stack } from '../stack/stack';

const viewers = Number(process.env.BENCH_VIEWERS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** The console's own counter of upstream reads actually sent (cache misses), by upstream. */
async function countMisses(consoleUrl: string, metricsToken: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${consoleUrl}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  const misses: Record<string, number> = {};
  for (const line of text.split('\n').filter((l) => l.startsWith('voicehive_ops_upstream_cache_total{') && l.includes('result="miss"'))) {
    const upstream = /upstream="([^"]+)"/.exec(line)?.[1] ?? '?';
    misses[upstream] = (misses[upstream] ?? 0) + Number(line.split(' ').at(-1));
  }
  return misses;
}

/**
 * Many viewers on the PMS section at once: the vendor panel (health probes, Prometheus figures, Redis
 * rate-limit keys) and the alerts list, polled together. Reports latency and what reached each upstream.
 */
export async function measurePmsPanelLoad(stack: Stack, pollMs: number, headers: Record<string, string>, metricsToken: string, probeIntervalMs: number): Promise<void> {
  const consoleUrl = stack.console!.url;
  const urls = [`${consoleUrl}/api/sections/pms-connection/pms/pms-health`, `${consoleUrl}/api/alerts`];
  for (const url of urls) await fetch(url, { headers }); // warm up
  const before = await countMisses(consoleUrl, metricsToken);
  const latencies: Record<string, number[]> = { pms: [], alerts: [] };
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: viewers }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * pollMs) / viewers));
      while (Date.now() < end) {
        await Promise.all(
          urls.map(async (url, u) => {
            const t0 = performance.now();
            const response = await fetch(url, { headers }).catch(() => null);
            if (!response?.ok) errors += 1;
            await response?.arrayBuffer();
            latencies[u === 0 ? 'pms' : 'alerts']!.push(performance.now() - t0);
          }),
        );
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }),
  );
  const after = await countMisses(consoleUrl, metricsToken);
  const sent = (upstream: string) => (after[upstream] ?? 0) - (before[upstream] ?? 0);
  console.log(`PMS panel + alerts load: ${viewers} viewers polling both every ${pollMs} ms for ${seconds} s → ${latencies.pms!.length + latencies.alerts!.length} requests, ${errors} errors`);
  for (const [name, list] of Object.entries(latencies)) {
    list.sort((a, b) => a - b);
    console.log(`  ${name}: p50 ${percentile(list, 50).toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms, max ${list.at(-1)?.toFixed(1)} ms`);
  }
  const intervals = (seconds * 1000) / probeIntervalMs;
  console.log(`  PMS health probes sent: ${sent('pms')} for 5 vendors in ${seconds} s = ${(sent('pms') / 5 / intervals).toFixed(2)} per vendor per ${probeIntervalMs / 1000} s probe interval`);
  console.log(`  also sent: Redis ${sent('redis')}, Alertmanager ${sent('alertmanager')}, Prometheus ${sent('prometheus')} reads (shared by all ${viewers} viewers)`);
}
