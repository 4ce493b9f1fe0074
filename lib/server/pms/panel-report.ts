import 'server-only';
import type { Panel, Section } from '@/lib/catalog/schema';
import { getEnv } from '@/lib/env';
import type { PmsPanelReport, VendorRateLimit } from '@/lib/pms/panel-report';
import { readBreakerState, summarizeVendorTraffic, type VendorTraffic } from '@/lib/pms/vendor-traffic';
import { getPrometheus } from '../prometheus-instance';
import { getRedis, type RedisKeyState } from '../redis';
import { expandQuery } from '../section-status-service';
import { createSharedCache } from '../shared-cache';
import { getVendorHealth } from './health';

type PmsPanel = Extract<Panel, { kind: 'pms-vendors' }>;


const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

// One Redis read per key per cache TTL for every viewer, like the other upstreams.
const holder = globalThis as typeof globalThis & { __voicehiveOpsRateLimitCache?: ReturnType<typeof createSharedCache<RedisKeyState>> };
function readRateLimitKey(key: string): Promise<RedisKeyState> {
  holder.__voicehiveOpsRateLimitCache ??= createSharedCache<RedisKeyState>({ upstream: 'redis', ttlMs: getEnv().UPSTREAM_CACHE_TTL_MS, load: (k) => getRedis().readKey(k), sizeOf: () => 1, maxSize: 1_000 });
  return holder.__voicehiveOpsRateLimitCache.get(key);
}

async function readTraffic(panel: PmsPanel, window: string, vendors: string[]): Promise<{ traffic: Map<string, VendorTraffic> | null; error: string | null }> {
  if (!panel.requestsQuery) return { traffic: null, error: null };
  try {
    const prometheus = getPrometheus();
    const [requests, latency] = await Promise.all([prometheus.query(expandQuery(panel.requestsQuery, window)), panel.latencyQuery ? prometheus.query(expandQuery(panel.latencyQuery, window)) : Promise.resolve([])]);
    return { traffic: summarizeVendorTraffic(requests, latency, vendors), error: null };
  } catch (error) {
    return { traffic: null, error: message(error) };
  }
}

async function readBreaker(panel: PmsPanel, window: string): Promise<PmsPanelReport['breaker']> {
  if (!panel.breaker) return null;
  try {
    return { name: panel.breaker.name, state: readBreakerState(await getPrometheus().query(expandQuery(panel.breaker.query, window))), error: null };
  } catch (error) {
    return { name: panel.breaker.name, state: 'unknown', error: message(error) };
  }
}

async function readRateLimit(panel: PmsPanel, vendor: string): Promise<VendorRateLimit | null> {
  if (!panel.rateLimitKey) return null;
  const key = panel.rateLimitKey.replace('{vendor}', vendor);
  try {
    return { key, state: await readRateLimitKey(key), error: null };
  } catch (error) {
    return { key, state: null, error: message(error) };
  }
}

/**
 * A PMS vendors panel: each configured vendor's health probe, with what the estate says about it
 * (call outcomes and latency from Prometheus, the connector's breaker, its rate-limit key in Redis)
 * and its status page. Each source fails on its own and says why; none makes a vendor look healthy.
 */
export async function getPmsPanelReport(section: Section, panel: PmsPanel): Promise<PmsPanelReport> {
  const window = getEnv().SIGNAL_WINDOW;
  const health = await getVendorHealth();
  const names = health.vendors.map((v) => v.vendor);
  const [traffic, breaker, rateLimits] = await Promise.all([readTraffic(panel, window, names), readBreaker(panel, window), Promise.all(names.map((v) => readRateLimit(panel, v)))]);
  const statusPages = new Map(section.statusLinks.map((link) => [link.name.toLowerCase(), link.url]));
  return {
    configured: health.configured,
    intervalMs: health.intervalMs,
    window,
    vendors: health.vendors.map((vendor, i) => ({ ...vendor, traffic: traffic.traffic?.get(vendor.vendor) ?? null, rateLimit: rateLimits[i] ?? null, statusPage: statusPages.get(vendor.vendor) ?? null })),
    trafficError: traffic.error,
    breaker,
  };
}
