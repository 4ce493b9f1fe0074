import { getConsoleMetrics } from '@/lib/server/console-metrics';

/** The console's own metrics in Prometheus text format (upstream requests, errors, latency, cache). */
export async function GET() {
  const { registry } = getConsoleMetrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
