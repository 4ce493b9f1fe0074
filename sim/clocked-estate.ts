import { createEstate, type Estate } from './estate';
import { parseExposition, type Sample } from './exposition';
import type { RateLimitStore } from './rate-limit/store';

/**
 * For tests: an estate on a hand-driven clock. `advance` moves time a second at a time and ticks as
 * the server's timer would, letting each tick's rate-limit request finish before the next (so the
 * limiter sees what a 1 s tick would see, without waiting a real second).
 */
/** A counter and the labels its series must have. */
export type Series = readonly [name: string, match: Record<string, string>];

export interface ClockedEstate {
  estate: Estate;
  now(): number;
  advance(seconds: number): Promise<void>;
  /** Moves the clock on without ticking (as a suspended laptop; the next tick counts at most 60 s of events). */
  skip(seconds: number): void;
  /** Each counter's increase over the next `seconds`, summed over the series whose labels match. */
  increase<T extends readonly Series[]>(seconds: number, ...series: T): Promise<{ -readonly [K in keyof T]: number }>;
}

const sumOf = (samples: Sample[], name: string, match: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

/** 14:00 UTC: near the daily peak, the most calls per second. */
export const PEAK_START = Date.UTC(2025, 0, 15, 14, 0, 0);

export function createClockedEstate({ scenario = 'healthy', start = PEAK_START, rateLimits }: { scenario?: string; start?: number; rateLimits?: RateLimitStore } = {}): ClockedEstate {
  let now = start;
  const estate = createEstate({ seed: 7, scenario, now: () => now, rateLimits });
  const read = async () => parseExposition(await estate.registry.metrics()).samples;
  const advance = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      now += 1000;
      estate.tick();
      await estate.pmsLimiter.settle();
    }
  };
  return {
    estate,
    now: () => now,
    advance,
    skip(seconds) {
      now += seconds * 1000;
    },
    async increase(seconds, ...series) {
      const before = await read();
      await advance(seconds);
      const after = await read();
      return series.map(([name, match]) => sumOf(after, name, match) - sumOf(before, name, match)) as { -readonly [K in keyof typeof series]: number };
    },
  };
}
