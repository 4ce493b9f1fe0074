import { formatDuration, formatValue } from '@/lib/format';
import type { PmsPanelReport, VendorRateLimit } from './panel-report';
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
