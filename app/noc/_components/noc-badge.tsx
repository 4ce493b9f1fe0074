import { severityStyles } from '@/components/severity-style';
import type { Severity } from '@/lib/severity/types';

/**
 * The severity as glyph + text + colour (◆ P0, ▲ P1, ■ P2, ● P3, ? UNKNOWN, ✓ OK), sized in em so it
 * grows with the tile or header it sits in; the house SeverityBadge has fixed pixel sizes.
 */
export function NocBadge({ severity, className = '' }: { severity: Severity; className?: string }) {
  const style = severityStyles[severity];
  return (
    <span
      data-testid="noc-severity"
      data-severity={severity}
      className={`inline-flex shrink-0 items-center gap-[0.3em] rounded-[0.25em] border-[0.08em] px-[0.4em] py-[0.05em] leading-[1.15] font-extrabold tracking-wide whitespace-nowrap ${style.badge} ${className}`}
    >
      <span aria-hidden="true">{style.glyph}</span>
      <span aria-hidden="true">{style.label}</span>
      <span className="sr-only">{`severity ${style.spoken}`}</span>
    </span>
  );
}
