export type NocStaleness = {
  /** True once the newest data is older than the bound: the wall says DATA STALE and dims its tiles. */
  stale: boolean;
  /** How old the data on screen is (ms), or null before the first answer. */
  ageMs: number | null;
  limitMs: number;
};

/**
 * The wall's one staleness rule: data older than `intervals` polling intervals is stale. One missed
 * poll is not worth a banner on a wall people glance at; several in a row are. Never stale before the
 * first answer (there is nothing on screen to be stale: the tiles say "no data yet").
 */
export function decideNocStaleness(lastUpdateMs: number | null, now: number, pollMs: number, intervals: number): NocStaleness {
  const limitMs = pollMs * intervals;
  if (lastUpdateMs === null) return { stale: false, ageMs: null, limitMs };
  const ageMs = Math.max(0, now - lastUpdateMs);
  return { stale: ageMs > limitMs, ageMs, limitMs };
}
