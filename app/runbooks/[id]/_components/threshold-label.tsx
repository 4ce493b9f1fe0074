/**
 * A threshold line's label ("P1 95 %"), drawn at the right end just above the line, in the level's colour.
 * Recharts passes the line's viewBox; the severity also appears as text, so colour is not the only cue.
 */
export function ThresholdLabel({ text, color, viewBox }: { text: string; color: string; viewBox?: { x?: number; y?: number; width?: number } }) {
  const x = (viewBox?.x ?? 0) + (viewBox?.width ?? 0) - 4;
  const y = (viewBox?.y ?? 0) - 4;
  return (
    <text x={x} y={y} textAnchor="end" fontSize={10} fontWeight={700} fill={color} paintOrder="stroke" stroke="var(--surface)" strokeWidth={3}>
      {text}
    </text>
  );
}
