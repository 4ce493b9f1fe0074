import { Card, CardHeader } from '@/components/ui/card';
import type { RtoClock } from '@/lib/incidents/rto';
import { formatDuration } from '@/lib/format';

const utc = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/** The recovery time objective as a clock: service must be restored by the deadline (issue 14 point 4). */
export function RtoClockCard({ rto, now }: { rto: RtoClock; now: number }) {
  const hours = rto.minutes % 60 === 0 ? `${rto.minutes / 60} h` : `${rto.minutes} min`;
  const left = rto.deadline - now;
  const text =
    rto.state === 'running'
      ? left >= 0
        ? `${formatDuration(left)} left: service must be restored by ${utc(rto.deadline)}`
        : `exceeded by ${formatDuration(-left)} (deadline ${utc(rto.deadline)}): escalate`
      : `service restored in ${formatDuration((rto.stoppedAt ?? rto.deadline) - rto.from)}, ${rto.state === 'met' ? 'within' : 'beyond'} the ${hours} RTO`;
  const tone = rto.state === 'missed' || (rto.state === 'running' && left < 0) ? 'border-sev-p0' : rto.state === 'running' && left < 30 * 60_000 ? 'border-sev-p1' : '';
  return (
    <Card as="section" aria-labelledby="rto-heading" data-testid="rto-clock" data-state={rto.state} className={tone}>
      <CardHeader id="rto-heading" title={`Recovery time objective: ${hours}`}>
        <span className="text-xs text-muted">{rto.source}</span>
      </CardHeader>
      <p className="px-4 py-2.5 text-sm">
        <span className="font-medium tabular-nums">{text}</span>
        <span className="block text-xs text-muted">Counted from the outage start {utc(rto.from)} ({rto.section}).</span>
      </p>
    </Card>
  );
}
