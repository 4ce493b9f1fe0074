import type { SectionStatus } from '@/lib/severity/section-status';
import { markStale } from '@/lib/severity/staleness';
import { countBySeverity, sortWorstFirst } from '@/lib/severity/order';
import { formatDuration } from '@/lib/format';

export type LiveOptions = {
  /** The last poll's error, or null when it succeeded. */
  error: string | null;
  /** When the browser last received data (epoch ms), 0 when never. */
  receivedAt: number;
  now: number;
  pollMs: number;
  staleAfterMs: number;
};

/**
 * Why the browser's data cannot be trusted as fresh, or null. A failing poll is one reason; a poll
 * that silently stopped (a frozen tab, a request that never ends) is the other, so the display
 * never shows old data as current just because no error arrived.
 */
export function decideClientFailure({ error, receivedAt, now, pollMs }: Omit<LiveOptions, 'staleAfterMs'>): string | null {
  if (error) return error;
  const silentFor = now - receivedAt;
  const limit = Math.max(3 * pollMs, 30_000);
  // A fixed text: the banner is a live region, and a ticking count would be announced every second.
  if (receivedAt > 0 && silentFor > limit) return `no answer from the console for over ${formatDuration(limit)}`;
  return null;
}

/** The browser's view of one section: as served, or marked stale (then unknown) by the same rule the server uses. */
export function deriveLiveSection(status: SectionStatus, options: LiveOptions): SectionStatus {
  const failure = decideClientFailure(options);
  return failure ? markStale(status, failure, options.now, options.staleAfterMs) : status;
}

export function deriveLiveSections(sections: SectionStatus[], options: LiveOptions) {
  const live = sortWorstFirst(sections.map((s) => deriveLiveSection(s, options)));
  return { sections: live, counts: countBySeverity(live) };
}

/** The age of the oldest reading shown (epoch ms of that reading), or null when nothing is shown. */
export function findOldestReading(sections: SectionStatus[]): number | null {
  if (sections.length === 0) return null;
  return Math.min(...sections.map((s) => s.evaluatedAt));
}
