/**
 * A tiny inline trend line for a tile (no axes, no interaction). Non-finite points are gaps.
 * Decorative: the value it belongs to is shown as text next to it.
 */
export function Sparkline({ points, width = 120, height = 32, className = '' }: { points: [number, number][]; width?: number; height?: number; className?: string }) {
  const finite = points.filter(([, v]) => Number.isFinite(v));
  if (finite.length < 2) {
    return <svg aria-hidden="true" width={width} height={height} className={className} />;
  }
  const times = finite.map(([t]) => t);
  const values = finite.map(([, v]) => v);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  let [v0, v1] = [Math.min(...values), Math.max(...values)];
  // A flat line sits in the middle rather than on an edge.
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const pad = 2;
  const x = (t: number) => pad + ((t - t0) / (t1 - t0 || 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - ((v - v0) / (v1 - v0)) * (height - 2 * pad);

  let path = '';
  let pen = false;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  const last = finite[finite.length - 1]!;
  return (
    <svg aria-hidden="true" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className={className}>
      <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
      <circle cx={x(last[0])} cy={y(last[1])} r={2.25} fill="currentColor" />
    </svg>
  );
}
