import type { SeriesValue } from '@/lib/severity/types';

/** A vendor's PMS calls over the signal window, from Prometheus: how many, how they ended, how slow. */
export type VendorTraffic = {
  requestsPerSecond: number;
  /** Shares of the calls by outcome (null when there were no calls to share out). */
  errorRatio: number | null;
  timeoutRatio: number | null;
  unauthorizedRatio: number | null;
  latencyP95Seconds: number | null;
};

export type BreakerState = 'closed' | 'half-open' | 'open' | 'unknown';

/** Rates by `vendor` and `outcome`, and p95 by `vendor`, folded into one figure set per vendor. */
export function summarizeVendorTraffic(requests: SeriesValue[], latency: SeriesValue[], vendors: readonly string[]): Map<string, VendorTraffic> {
  const summary = new Map<string, VendorTraffic>();
  for (const vendor of vendors) {
    const rates = requests.filter((s) => s.labels.vendor === vendor && Number.isFinite(s.value));
    const total = rates.reduce((sum, s) => sum + s.value, 0);
    const share = (outcome: string) => (total > 0 ? rates.filter((s) => s.labels.outcome === outcome).reduce((sum, s) => sum + s.value, 0) / total : null);
    const p95 = latency.find((s) => s.labels.vendor === vendor)?.value;
    summary.set(vendor, {
      requestsPerSecond: total,
      errorRatio: share('error'),
      timeoutRatio: share('timeout'),
      unauthorizedRatio: share('unauthorized'),
      // histogram_quantile answers NaN when there were no observations.
      latencyP95Seconds: p95 !== undefined && Number.isFinite(p95) ? p95 : null,
    });
  }
  return summary;
}

/** The contract's gauge: 0 closed, 1 half-open, 2 open; anything else (or nothing) is unknown, never "closed". */
export function readBreakerState(series: SeriesValue[]): BreakerState {
  const value = series[0]?.value;
  return value === 0 ? 'closed' : value === 1 ? 'half-open' : value === 2 ? 'open' : 'unknown';
}
