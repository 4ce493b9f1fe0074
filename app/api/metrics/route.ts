import { timingSafeEqual } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { getEnv } from '@/lib/env';
import { getConsoleMetrics } from '@/lib/server/console-metrics';
import { respondError } from '@/lib/server/respond';

/** Prometheus scrapes with `Authorization: Bearer <METRICS_TOKEN>`; people need metrics.read. */
function hasScrapeToken(request: NextRequest): boolean {
  const expected = getEnv().METRICS_TOKEN;
  const given = request.headers.get('authorization')?.match(/^Bearer (.+)$/)?.[1];
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The console's own metrics in Prometheus text format (requests by route, upstream calls and cache, action runs, leases held). */
export async function GET(request: NextRequest) {
  try {
    if (!hasScrapeToken(request)) await authorize(request, 'metrics.read');
    const { registry } = getConsoleMetrics();
    return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    return respondError(error);
  }
}
