import type { AuditOutcome } from '@/lib/audit/chain';

// A shape per outcome as well as a colour and the word, so the outcome is never told by colour alone.
const outcomeStyles: Record<AuditOutcome, { glyph: string; className: string }> = {
  success: { glyph: '✓', className: 'border-sev-ok/60 text-sev-ok-fg' },
  failure: { glyph: '✕', className: 'border-sev-p0/60 text-sev-p0' },
  denied: { glyph: '⊘', className: 'border-sev-p1/70 text-fg' },
};

export function OutcomeLabel({ outcome }: { outcome: AuditOutcome }) {
  const style = outcomeStyles[outcome];
  return (
    <span data-outcome={outcome} className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ${style.className}`}>
      <span aria-hidden="true" className="leading-none">{style.glyph}</span>
      {outcome}
    </span>
  );
}
