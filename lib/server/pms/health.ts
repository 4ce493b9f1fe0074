import 'server-only';
import { getEnv } from '@/lib/env';
import type { PmsProbeResult, PmsState } from '@/lib/pms/health-result';
import { getConsoleMetrics } from '../console-metrics';
import { PMS_UPSTREAM, pmsSettingsFromEnv, probeUrl, type PmsSettings, type Resolver } from './probe';
import type { SharedPmsResults } from './shared-results';

/** How far back the per-vendor history (sparklines) goes. */
export const PMS_HISTORY_MS = 60 * 60 * 1000;
/** Upper bound on history points per vendor, whatever the interval. */
const MAX_HISTORY_POINTS = 3_600;

export type PmsHistoryPoint = { checkedAt: number; state: PmsState; latencyMs: number; httpStatus: number | null };
export type PmsVendorHealth = PmsProbeResult & { history: PmsHistoryPoint[] };
export type PmsHealthReport = {
  /** false when PMS_HEALTH_URLS names no vendor: the panel says so (not "all healthy"). */
  configured: boolean;
  intervalMs: number;
  vendors: PmsVendorHealth[];
};

type VendorSlot = { latest?: PmsProbeResult; inflight?: Promise<PmsProbeResult>; history: PmsHistoryPoint[] };

/**
 * The probes for one configuration: each vendor is probed at most once per interval however many
 * callers ask (callers within the interval get the last result; callers while a probe is in flight
 * join it), and the last hour of results is kept per vendor.
 *
 * With `shared` (several replicas, issue 18) the results live in the store: the replica holding the background
 * lease probes every interval (`probeAll`), and a panel shows the stored latest and history on any replica. A
 * panel probes itself only when no replica has for two intervals (the background holder is gone), and saves it.
 */
export function createPmsHealth(settings: PmsSettings, options: { resolve?: Resolver; now?: () => number; shared?: SharedPmsResults } = {}) {
  const { shared } = options;
  const now = options.now ?? Date.now;
  const slots = new Map<string, VendorSlot>(settings.vendors.map((v) => [v.vendor, { history: [] }]));
  const urls = new Map(settings.vendors.map((v) => [v.vendor, v.url]));
  const capacity = Math.min(MAX_HISTORY_POINTS, Math.ceil(PMS_HISTORY_MS / settings.intervalMs) + 1);
  const metrics = getConsoleMetrics();

  function record(slot: VendorSlot, result: PmsProbeResult) {
    slot.latest = result;
    slot.history.push({ checkedAt: result.checkedAt, state: result.state, latencyMs: result.latencyMs, httpStatus: result.httpStatus });
    const cutoff = now() - PMS_HISTORY_MS;
    let drop = Math.max(0, slot.history.length - capacity);
    while (drop < slot.history.length && slot.history[drop]!.checkedAt < cutoff) drop++;
    if (drop > 0) slot.history.splice(0, drop);
  }

  /** The vendor's current result: the cached one within the interval, else one (shared) probe. */
  async function probeVendor(vendor: string, force = false): Promise<PmsProbeResult> {
    const slot = slots.get(vendor);
    const url = urls.get(vendor);
    if (!slot || !url) throw new Error(`PMS vendor ${vendor} is not configured`);
    // Shared: another replica's probe counts, with an interval's slack for the background holder's rounds.
    if (shared && !force) slot.latest = (await shared.latest(vendor)) ?? slot.latest;
    const freshFor = shared && !force ? 2 * settings.intervalMs : settings.intervalMs;
    if (!force && slot.latest && now() - slot.latest.checkedAt < freshFor) {
      metrics.upstreamCache.inc({ upstream: PMS_UPSTREAM, result: 'hit' });
      return slot.latest;
    }
    if (slot.inflight) {
      metrics.upstreamCache.inc({ upstream: PMS_UPSTREAM, result: 'coalesced' });
      return slot.inflight;
    }
    metrics.upstreamCache.inc({ upstream: PMS_UPSTREAM, result: 'miss' });
    const inflight = probeUrl(vendor, url, settings, { resolve: options.resolve, now }).then(async (result) => {
      if (shared) {
        slot.latest = result;
        await shared.save(result);
      } else record(slot, result);
      return result;
    });
    slot.inflight = inflight;
    try {
      return await inflight;
    } finally {
      if (slot.inflight === inflight) slot.inflight = undefined;
    }
  }

  async function getVendorHealth(): Promise<PmsHealthReport> {
    const vendors = await Promise.all(
      settings.vendors.map(async ({ vendor }) => {
        const latest = await probeVendor(vendor);
        const cutoff = now() - PMS_HISTORY_MS;
        const history = shared
          ? (await shared.since(vendor, cutoff)).map((r) => ({ checkedAt: r.checkedAt, state: r.state, latencyMs: r.latencyMs, httpStatus: r.httpStatus }))
          : slots.get(vendor)!.history.filter((p) => p.checkedAt >= cutoff);
        return { ...latest, history };
      }),
    );
    return { configured: settings.vendors.length > 0, intervalMs: settings.intervalMs, vendors };
  }

  /** The background job's round: every vendor probed now (saved when shared), and results past the history dropped. */
  async function probeAll(): Promise<PmsProbeResult[]> {
    const results = await Promise.all(settings.vendors.map(({ vendor }) => probeVendor(vendor, true)));
    await shared?.prune(now() - PMS_HISTORY_MS);
    return results;
  }

  return { probeVendor: (vendor: string) => probeVendor(vendor), probeAll, getVendorHealth, intervalMs: settings.intervalMs, vendors: () => settings.vendors.map((v) => v.vendor) };
}

export type PmsHealth = ReturnType<typeof createPmsHealth>;

// One set of probes per process, like the other upstream singletons: Next may load this module
// once per route bundle, and dev reloads it.
const holder = globalThis as typeof globalThis & { __voicehiveOpsPmsHealth?: PmsHealth };

export function getPmsHealth(): PmsHealth {
  holder.__voicehiveOpsPmsHealth ??= createPmsHealth(pmsSettingsFromEnv(getEnv()));
  return holder.__voicehiveOpsPmsHealth;
}

/** From now on this process's probes are shared with the other replicas through the store (the server does this at start). */
export function sharePmsResults(shared: SharedPmsResults): PmsHealth {
  holder.__voicehiveOpsPmsHealth = createPmsHealth(pmsSettingsFromEnv(getEnv()), { shared });
  return holder.__voicehiveOpsPmsHealth;
}

/** Probes one configured vendor (shared with every other caller within the interval). */
export function probeVendor(vendor: string): Promise<PmsProbeResult> {
  return getPmsHealth().probeVendor(vendor);
}

/** Every configured vendor: the latest result and the last hour of history. */
export function getVendorHealth(): Promise<PmsHealthReport> {
  return getPmsHealth().getVendorHealth();
}
