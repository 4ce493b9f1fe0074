import type { RunOutcome } from '@/lib/client/run-outcome';

const tones: Record<RunOutcome['tone'], string> = {
  good: 'border-sev-ok/60 text-sev-ok-fg',
  bad: 'border-sev-p0/60 text-sev-p0',
  busy: 'border-accent/60 text-fg',
  neutral: 'border-line text-fg',
};

export function RunOutcomeLabel({ outcome }: { outcome: RunOutcome }) {
  return (
    <span data-outcome={outcome.label} className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ${tones[outcome.tone]}`}>
      <span aria-hidden="true" className="leading-none">{outcome.glyph}</span>
      {outcome.label}
    </span>
  );
}
