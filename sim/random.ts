/**
 * Seeded randomness for the estate. A fixed seed replays the same estate, so tests and demos are
 * reproducible; nothing here touches Math.random.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** One element of a non-empty list, chosen by weight. */
  pickWeighted<T>(entries: readonly (readonly [T, number])[]): T;
}

/** mulberry32: tiny, fast, and statistically good enough for simulated noise. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box-Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const pickWeighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('pickWeighted needs at least one entry');
    return last[0];
  };
  return { next, normal, between: (min, max) => min + (max - min) * next(), pickWeighted };
}

/** A latency distribution described the way the thresholds are: by its 95th percentile. */
export interface LatencyShape {
  p95: number;
  /** Log-normal sigma: the spread. 0.2 is tight, 0.5 wide. */
  sigma: number;
}

const Z95 = 1.6449;

/** Draws a log-normal sample whose 95th percentile is `shape.p95`. */
export function sampleLatency(random: Random, shape: LatencyShape): number {
  const median = shape.p95 / Math.exp(Z95 * shape.sigma);
  return median * Math.exp(shape.sigma * random.normal());
}

/**
 * Turns expected fractional event counts into whole events without drift: the remainder of each
 * tick carries to the next, so any window's count stays within ±1 of its expectation. Binomial
 * draws would make low-rate ratios (a few failures among a few dozen calls) flap across thresholds.
 */
export function createTally(): (key: string, expected: number) => number {
  const carry = new Map<string, number>();
  return (key, expected) => {
    const total = (carry.get(key) ?? 0) + Math.max(0, expected);
    const whole = Math.floor(total);
    carry.set(key, total - whole);
    return whole;
  };
}

export interface WanderOptions {
  initial: number;
  min: number;
  max: number;
  /** Pull toward the target per second (0..1): 0.05 drifts slowly, 0.5 snaps within seconds. */
  pull: number;
  /** Noise per √second, in the gauge's own unit. */
  noise: number;
}

/**
 * A gauge that wanders: mean-reverting noise (Ornstein-Uhlenbeck) toward a target that may move,
 * clamped to bounds so a scenario's band is never left by accident.
 */
export function createWander(random: Random, options: WanderOptions): { step(target: number, dt: number): number; value(): number; set(value: number): void } {
  let value = options.initial;
  const clamp = (x: number) => Math.min(options.max, Math.max(options.min, x));
  return {
    step(target, dt) {
      const pull = 1 - Math.pow(1 - options.pull, dt);
      value = clamp(value + (target - value) * pull + options.noise * Math.sqrt(dt) * random.normal());
      return value;
    },
    value: () => value,
    set(next) {
      value = clamp(next);
    },
  };
}

/**
 * Traffic by hour of day (UTC), 0.35 at 04:00 to 1.0 at 16:00: hotel guests call during the day.
 * Rates are written for the peak and multiplied by this.
 */
export function getDailyShape(nowMs: number): number {
  const hours = (nowMs / 3_600_000) % 24;
  return 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hours - 4)) / 24));
}
