/**
 * Line styles for chart series, readable at 20 series (issue 15 point 7): ten colours chosen to be far
 * apart from each other and from the severity colours of thresholds (P0 red, P1 orange, P2 yellow, P3
 * blue), with a contrast of at least 2.4:1 on both the light and the dark surface; each ten series the
 * dash changes (solid, long dash, dotted), so series 1 and 11 share a colour but never a look. Past 30
 * series the styles repeat: a legend entry isolates one series then (click to isolate).
 */
export const seriesColours = ['#33b2cc', '#af46b9', '#0ac20a', '#a37029', '#d590b2', '#387594', '#943857', '#7f0df2', '#f53df5', '#38944f'] as const;

/** Dashes per round of ten: none, long (threshold lines are "6 3", shorter), dotted. */
export const seriesDashes = ['', '12 4', '2 3'] as const;

export type SeriesStyle = { colour: string; dash: string };

export function seriesStyle(index: number): SeriesStyle {
  const i = Math.max(0, Math.floor(index));
  return { colour: seriesColours[i % seriesColours.length]!, dash: seriesDashes[Math.floor(i / seriesColours.length) % seriesDashes.length]! };
}
