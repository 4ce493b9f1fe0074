/** A reading as people say it in an update: three significant digits (0.9159249 → 0.916), not every float digit. */
export function showNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);
}
