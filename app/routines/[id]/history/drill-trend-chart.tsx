import { formatMinutes } from '@/lib/routines/drill';

type Drill = { at: number; recoveryMinutes: number; dataLossMinutes: number; withinRto: boolean; withinRpo: boolean };

/** Recovery time per drill (oldest first) as bars against the RTO line; a table says the same for screen readers. */
export function DrillTrendChart({ drills, rtoMinutes, rpoMinutes }: { drills: Drill[]; rtoMinutes: number; rpoMinutes: number }) {
  const width = 480;
  const height = 120;
  const top = Math.max(rtoMinutes * 1.25, ...drills.map((d) => d.recoveryMinutes));
  const bar = width / Math.max(drills.length, 1);
  const y = (minutes: number) => height - (minutes / top) * height;
  return (
    <figure className="mt-2">
      <svg viewBox={`0 0 ${width} ${height}`} className="h-28 w-full max-w-xl" role="img" aria-label={`Recovery time of the last ${drills.length} drills against the ${formatMinutes(rtoMinutes)} RTO`}>
        {drills.map((d, i) => (
          <rect key={d.at} x={i * bar + bar * 0.15} width={bar * 0.7} y={y(d.recoveryMinutes)} height={height - y(d.recoveryMinutes)} className={d.withinRto ? 'fill-sev-ok' : 'fill-sev-p0'} />
        ))}
        <line x1={0} x2={width} y1={y(rtoMinutes)} y2={y(rtoMinutes)} className="stroke-fg" strokeDasharray="4 3" />
      </svg>
      <table className="mt-2 text-sm">
        <caption className="sr-only">Drills, oldest first</caption>
        <thead><tr><th className="pr-4 text-left">Drill</th><th className="pr-4 text-left">Recovery (RTO {formatMinutes(rtoMinutes)})</th><th className="text-left">Data loss (RPO {formatMinutes(rpoMinutes)})</th></tr></thead>
        <tbody>
          {drills.map((d) => (
            <tr key={d.at}><td className="pr-4">{new Date(d.at).toISOString().slice(0, 10)}</td><td className="pr-4">{formatMinutes(d.recoveryMinutes)} {d.withinRto ? '✓' : '✗ over'}</td><td>{formatMinutes(d.dataLossMinutes)} {d.withinRpo ? '✓' : '✗ over'}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
