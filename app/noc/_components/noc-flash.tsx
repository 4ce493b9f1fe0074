'use client';

import { useEffect } from 'react';
import { severityStyles } from '@/components/severity-style';
import { playAlertTone } from '@/lib/client/use-noc-sound';
import type { NocAlertEvent } from '@/lib/client/use-noc-alert';

const frames = { P0: 'border-sev-p0', P1: 'border-sev-p1' } as const;

/**
 * A new P0/P1: the wall's frame flashes in the level's colour (a steady frame when the viewer asks for
 * reduced motion) and names the sections, with a sound when asked for. Mounted once per event.
 */
export function NocFlash({ event, titles, sound }: { event: NocAlertEvent; titles: Record<string, string>; sound: boolean }) {
  const worst = event.sections[0]?.severity ?? 'P1';
  useEffect(() => {
    if (sound) playAlertTone(worst);
  }, [sound, worst]);
  return (
    <div data-testid="noc-flash" data-severity={worst} className="pointer-events-none fixed inset-0 z-50 flex items-end justify-center" style={{ fontSize: '3vh' }}>
      <div className={`noc-flash absolute inset-0 border-[1.2vh] ${frames[worst]}`} />
      <p role="alert" className={`relative mb-[3vh] max-w-[90vw] truncate rounded-[0.3em] px-[0.8em] py-[0.3em] font-extrabold ${severityStyles[worst].badge}`}>
        NEW {event.sections.map((s) => `${severityStyles[s.severity].glyph} ${s.severity} ${titles[s.id] ?? s.id}`).join(' · ')}
      </p>
    </div>
  );
}
