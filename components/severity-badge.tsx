import type { Severity } from '@/lib/severity/types';
import { severityStyles } from './severity-style';

const sizes = {
  sm: 'gap-1 px-1.5 py-0.5 text-[11px]',
  md: 'gap-1.5 px-2 py-0.5 text-xs',
  lg: 'gap-2 px-3 py-1 text-base',
} as const;

/** A severity as text plus a distinct glyph per level (◆ ▲ ■ ● ? ✓), so colour is never the only cue. */
export function SeverityBadge({ severity, size = 'md', className = '' }: { severity: Severity; size?: keyof typeof sizes; className?: string }) {
  const style = severityStyles[severity];
  return (
    <span
      data-testid="severity-badge"
      data-severity={severity}
      className={`inline-flex shrink-0 items-center rounded border font-bold tracking-wide whitespace-nowrap tabular-nums ${sizes[size]} ${style.badge} ${className}`}
    >
      <span aria-hidden="true" className="leading-none">{style.glyph}</span>
      <span aria-hidden="true">{style.label}</span>
      <span className="sr-only">{`severity ${style.spoken}`}</span>
    </span>
  );
}
