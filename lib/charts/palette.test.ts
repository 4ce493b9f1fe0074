import { describe, expect, it } from 'vitest';
import { seriesColours, seriesStyle } from './palette';

// The severity colours of threshold lines (app/globals.css, light and dark).
const severityColours = ['#dc2626', '#f97316', '#eab308', '#2563eb', '#ef4444', '#fb923c', '#facc15', '#3b82f6'];
const surfaces = ['#ffffff', '#141821'];

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** OKLab, a space where distance follows how different two colours look. */
function oklab(hex: string): [number, number, number] {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}
const distance = (a: string, b: string) => 100 * Math.hypot(...oklab(a).map((v, i) => v - oklab(b)[i]!));
const luminance = (hex: string) => {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('series palette', () => {
  it('gives 20 series 20 different looks (the PMS chart by vendor and outcome reused colours)', () => {
    const looks = Array.from({ length: 20 }, (_, i) => seriesStyle(i)).map((s) => `${s.colour} ${s.dash}`);
    expect(new Set(looks).size).toBe(20);
  });

  it('keeps its colours apart from each other and from the severity colours of thresholds', () => {
    for (const [i, a] of seriesColours.entries()) {
      for (const b of seriesColours.slice(i + 1)) expect(distance(a, b), `${a} vs ${b}`).toBeGreaterThan(15);
      for (const s of severityColours) expect(distance(a, s), `${a} vs severity ${s}`).toBeGreaterThan(15);
    }
  });

  it('reads on the light and the dark surface', () => {
    for (const colour of seriesColours) for (const surface of surfaces) expect(contrast(colour, surface), `${colour} on ${surface}`).toBeGreaterThanOrEqual(2.4);
  });
});
