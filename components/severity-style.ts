import type { Severity } from '@/lib/severity/types';

type SeverityStyle = {
  /** Text shown on the badge; never colour alone. */
  label: string;
  /** A distinct shape per level, so the level is readable without colour too. */
  glyph: string;
  /** Spoken by screen readers in place of the glyph. */
  spoken: string;
  badge: string;
  /** Left edge of a tile or header. */
  edge: string;
  /** A faint wash behind firing tiles. */
  wash: string;
  text: string;
};

// Full class names (not built from parts) so Tailwind finds them in the source.
export const severityStyles: Record<Severity, SeverityStyle> = {
  P0: {
    label: 'P0', glyph: '◆', spoken: 'P0 critical',
    badge: 'bg-sev-p0 text-sev-p0-fg border-sev-p0',
    edge: 'border-l-sev-p0', wash: 'bg-sev-p0/10', text: 'text-sev-p0',
  },
  P1: {
    label: 'P1', glyph: '▲', spoken: 'P1 high',
    badge: 'bg-sev-p1 text-sev-p1-fg border-sev-p1',
    edge: 'border-l-sev-p1', wash: 'bg-sev-p1/10', text: 'text-sev-p1',
  },
  P2: {
    label: 'P2', glyph: '■', spoken: 'P2 medium',
    badge: 'bg-sev-p2 text-sev-p2-fg border-sev-p2',
    edge: 'border-l-sev-p2', wash: 'bg-sev-p2/10', text: 'text-sev-p2',
  },
  P3: {
    label: 'P3', glyph: '●', spoken: 'P3 low',
    badge: 'bg-sev-p3 text-sev-p3-fg border-sev-p3',
    edge: 'border-l-sev-p3', wash: 'bg-sev-p3/10', text: 'text-sev-p3',
  },
  unknown: {
    label: 'UNKNOWN', glyph: '?', spoken: 'unknown',
    // Grey and dashed: unknown is never green and never looks like a level.
    badge: 'bg-transparent text-sev-unknown-fg border-sev-unknown border-dashed',
    edge: 'border-l-sev-unknown border-dashed', wash: 'bg-sev-unknown/5', text: 'text-sev-unknown-fg',
  },
  ok: {
    label: 'OK', glyph: '✓', spoken: 'OK',
    badge: 'bg-transparent text-sev-ok-fg border-sev-ok/60',
    edge: 'border-l-sev-ok/60', wash: '', text: 'text-sev-ok-fg',
  },
};

export function isFiring(severity: Severity): boolean {
  return severity !== 'ok' && severity !== 'unknown';
}
