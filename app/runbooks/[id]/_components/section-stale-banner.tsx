'use client';

import { isExpired } from '@/lib/severity/staleness';
import { useLiveSection } from '@/lib/client/use-live-section';
import { StaleBanner } from '@/components/stale-banner';

/** The page-wide stale warning for one section, from the browser's failure or the server's own marker. */
export function SectionStaleBanner({ id, pollMs, staleAfterMs }: { id: string; pollMs: number; staleAfterMs: number }) {
  const { status, failure } = useLiveSection({ id, pollMs, staleAfterMs });
  const reason = failure ?? status?.stale?.error ?? null;
  if (reason === null || !status) return null;
  return <StaleBanner reason={reason} since={status.evaluatedAt} staleAfterMs={staleAfterMs} fromBrowser={failure !== null} expired={isExpired(status)} />;
}
