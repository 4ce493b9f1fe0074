/**
 * The console's own ids and chart ranges, without zod: the browser needs these few checks and names, and zod
 * (~30 kB gzip) stays on the server (lib/api/schemas.ts builds its schemas from the same pattern).
 */
export const kebabIdPattern = /^[a-z][a-z0-9-]{0,63}$/;

export const chartRanges = ['15m', '1h', '6h', '24h'] as const;
export type ChartRange = (typeof chartRanges)[number];

/** `id` when it is a section or panel id; throws naming what it should be otherwise (never builds a URL from it). */
export function checkKebabId(id: string, what: 'section' | 'panel'): string {
  if (!kebabIdPattern.test(id)) throw new TypeError(`must be a ${what} id (kebab-case): ${JSON.stringify(id).slice(0, 80)}`);
  return id;
}
