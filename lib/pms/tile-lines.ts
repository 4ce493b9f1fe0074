import { formatDuration, formatValue } from '@/lib/format';
import type { PmsPanelReport, PmsVendorTile, VendorRateLimit } from './panel-report';
import type { VendorTraffic } from './vendor-traffic';

/** One line of a vendor tile: its words, and whether it is the reason the vendor is in trouble. */
export type TileLine = { text: string; alarm: boolean };

/** The contract's PMS line: (timeouts + errors) over 5 % of calls is P1. */
const FAILURE_LINE = 0.05;

const percent = (ratio: number | null) => (ratio === null ? '–' : formatValue(ratio, 'ratio'));

export function describeTraffic(traffic: VendorTraffic | null, error: string | null, window: string): TileLine {
  if (!traffic) return { text: error ? `calls: unknown (${error})` : 'calls: not charted for this panel', alarm: false };
  if (traffic.requestsPerSecond === 0) return { text: `no calls in the last ${window}`, alarm: false };
  const failing = (traffic.errorRatio ?? 0) + (traffic.timeoutRatio ?? 0);
  const parts = [`${formatValue(traffic.requestsPerSecond, 'per-second')} calls`, `errors ${percent(traffic.errorRatio)}`, `timeouts ${percent(traffic.timeoutRatio)}`];
  if ((traffic.unauthorizedRatio ?? 0) > 0) parts.push(`unauthorized ${percent(traffic.unauthorizedRatio)}`);
  if (traffic.latencyP95Seconds !== null) parts.push(`p95 ${formatValue(traffic.latencyP95Seconds, 'seconds')}`);
  // Calls refused as unauthorized are failures too: expired credentials look like this.
  return { text: `${parts.join(' · ')} (last ${window})`, alarm: failing > FAILURE_LINE || (traffic.unauthorizedRatio ?? 0) > FAILURE_LINE };
}

export function describeRateLimit(rateLimit: VendorRateLimit | null): TileLine | null {
  if (!rateLimit) return null;
  const { key, state, error } = rateLimit;
  if (!state) return { text: `${key}: unknown (${error ?? 'no answer'})`, alarm: false };
  if (!state.exists) return { text: `${key}: not set`, alarm: false };
  const value = state.type === 'string' ? `"${state.value ?? ''}${state.truncated ? '…' : ''}"` : `a ${state.type ?? 'value'}`;
  // A counter without an expiry never resets: the limiter stays shut until someone clears it.
  if (state.ttlSeconds === null) return { text: `${key} = ${value}, no expiry: it never resets by itself`, alarm: true };
  return { text: `${key} = ${value}, resets in ${formatDuration(state.ttlSeconds * 1000)}`, alarm: false };
}

const breakerWords: Record<string, string> = { closed: 'closed', 'half-open': 'half-open (testing)', open: 'open: calls fail fast', unknown: 'unknown' };

export function describeBreaker(breaker: PmsPanelReport['breaker']): TileLine | null {
  if (!breaker) return null;
  const why = breaker.state === 'unknown' ? ` (${breaker.error ?? 'no series'})` : '';
  return { text: `connector breaker ${breaker.name}: ${breakerWords[breaker.state] ?? breaker.state}${why}`, alarm: breaker.state === 'open' };
}

/** What a tile says at a glance: the health probe, unless the estate shows our calls failing anyway. */
export type TileVerdict = 'down' | 'failing' | 'degraded' | 'up' | 'unknown';

/**
 * A vendor whose health endpoint is fine while our calls to it fail (a stuck rate limit, an expired
 * token, an open breaker) is not shown as up: the probe alone would paint the failing vendor green.
 */
export function decideTileVerdict(vendor: PmsVendorTile, report: PmsPanelReport): TileVerdict {
  if (vendor.state === 'down') return 'down';
  const lines = [describeTraffic(vendor.traffic, report.trafficError, report.window), describeRateLimit(vendor.rateLimit), describeBreaker(report.breaker)];
  if (lines.some((line) => line?.alarm)) return 'failing';
  if (vendor.state === 'degraded') return 'degraded';
  // An answering health endpoint says nothing about our own calls: while those cannot be read, not green.
  if (vendor.traffic === null && report.trafficError) return 'unknown';
  return vendor.state === 'up' ? 'up' : 'unknown';
}

/** Worst first: the failing vendor is the first thing read. */
export const verdictRank: Record<TileVerdict, number> = { down: 0, failing: 1, degraded: 2, unknown: 3, up: 4 };
