/**
 * How a section's charts share a crosshair (recharts syncMethod): by time, not by index. Each chart has its
 * own samples (a chart on its own range, a series that started later), so the moment hovered in one chart
 * is shown at that chart's nearest sample; a moment outside a chart's time span shows nothing there
 * (-1: no tick), rather than pinning the crosshair to its edge.
 */
export function nearestTickByTime(ticks: ReadonlyArray<{ value: unknown }>, data: { activeLabel?: unknown }): number {
  const t = Number(data.activeLabel);
  if (!Number.isFinite(t) || ticks.length === 0) return -1;
  const times = ticks.map((tick) => Number(tick.value));
  const first = Math.min(...times);
  const last = Math.max(...times);
  if (t < first || t > last) return -1;
  let best = -1;
  let bestDistance = Infinity;
  times.forEach((time, index) => {
    const distance = Math.abs(time - t);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
