/**
 * JSON that keeps what Prometheus answers and JSON cannot hold: NaN and ±Infinity (a ratio over zero
 * traffic is NaN, and must stay NaN on the replica that reads it, not become null or 0).
 */
const NON_FINITE = '$nonFinite';

export function encodeShared(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [NON_FINITE]: String(v) } : v));
}

export function decodeShared<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && NON_FINITE in v && Object.keys(v).length === 1) return Number((v as Record<string, string>)[NON_FINITE]);
    return v;
  }) as T;
}
