import type { RoutineStatus } from '@/lib/server/routines/service';
import type { AnswerState } from '@/lib/routines/answers';

// Words as well as colour: a state is readable without colour (the same rule as the severity badges).
const routineStyles: Record<RoutineStatus['state'], { label: string; className: string }> = {
  overdue: { label: 'Overdue', className: 'border-sev-p0 bg-sev-p0 text-sev-p0-fg' },
  due: { label: 'Due', className: 'border-sev-p2 bg-sev-p2 text-sev-p2-fg' },
  done: { label: 'Done', className: 'border-sev-ok text-sev-ok-fg' },
  'not-yet': { label: 'Not yet due', className: 'border-line text-muted' },
};

export function RoutineStateBadge({ state }: { state: RoutineStatus['state'] }) {
  const style = routineStyles[state];
  return <span className={`inline-flex shrink-0 items-center rounded border px-1.5 py-0.5 text-xs font-semibold ${style.className}`}>{style.label}</span>;
}

const answerStyles: Record<AnswerState, { label: string; glyph: string; className: string }> = {
  green: { label: 'within thresholds', glyph: '●', className: 'text-sev-ok-fg' },
  red: { label: 'outside thresholds', glyph: '▲', className: 'text-sev-p0' },
  unknown: { label: 'unknown', glyph: '?', className: 'text-sev-unknown-fg' },
};

export function AnswerBadge({ state }: { state: AnswerState }) {
  const style = answerStyles[state];
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-semibold ${style.className}`} data-answer={state}>
      <span aria-hidden="true">{style.glyph}</span>
      {style.label}
    </span>
  );
}
