'use client';

import { useState } from 'react';
import type { OverviewResponse } from '@/lib/api/types';
import { collectUrgent, findNewUrgent, type UrgentLevel, type UrgentSections } from '@/lib/noc/new-urgent';
import type { AlertMode } from '@/lib/noc/options';

export type NocAlertEvent = { sections: { id: string; severity: UrgentLevel }[]; at: number };

/** How long the flash (and its words) stay on the wall after a new P0/P1. */
export const NOC_FLASH_MS = 12_000;

/**
 * A new P0/P1 in the latest answer (see findNewUrgent: never on the first one), while its flash lasts.
 * Each answer is compared once, with the answer before it, when it arrives; old data never alerts.
 */
export function useNocAlert(mode: AlertMode, response: OverviewResponse | null, receivedAt: number, now: number | null): NocAlertEvent | null {
  const [seen, setSeen] = useState<{ receivedAt: number; urgent: UrgentSections | null; event: NocAlertEvent | null }>({ receivedAt: 0, urgent: null, event: null });
  if (mode !== 'off' && response && receivedAt !== seen.receivedAt) {
    // Adjusting state while rendering, React's way to react to new props without an extra effect pass.
    const urgent = collectUrgent(response.sections, seen.urgent);
    const found = findNewUrgent(seen.urgent, urgent);
    setSeen({ receivedAt, urgent, event: found.length > 0 ? { sections: found, at: receivedAt } : seen.event });
  }
  const event = seen.event;
  if (mode === 'off' || !event || now === null || now - event.at > NOC_FLASH_MS) return null;
  return event;
}
