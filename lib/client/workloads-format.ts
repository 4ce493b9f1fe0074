import type { RolloutStatus } from '@/lib/kubernetes/views';
import { formatDuration, formatValue } from '@/lib/format';

const DASH = '—';

/** CPU as kubectl top writes it ("250m"), in cores from one core up ("1.25 cores"). */
export function formatCpu(millicores: number | null): string {
  if (millicores === null) return DASH;
  if (millicores < 1000) return `${millicores}m`;
  const cores = (millicores / 1000).toFixed(2).replace(/\.?0+$/, '');
  return `${cores} ${cores === '1' ? 'core' : 'cores'}`;
}

export function formatMemory(bytes: number | null): string {
  return bytes === null ? DASH : formatValue(bytes, 'bytes');
}

/** A pod's age from its creation time, against the ticking clock; the server's figure until the clock runs. */
export function formatPodAge(pod: { createdAt: string | null; ageSeconds: number | null }, now: number | null): string {
  const created = pod.createdAt ? Date.parse(pod.createdAt) : NaN;
  if (now !== null && Number.isFinite(created)) return formatDuration(now - created);
  return pod.ageSeconds === null ? DASH : formatDuration(pod.ageSeconds * 1000);
}

/** "7", or "7 · observed 6" while the controller has not caught up with a change yet. */
export function describeGeneration(d: { generation: number | null; observedGeneration: number | null }): string {
  if (d.generation === null) return DASH;
  if (d.observedGeneration === d.generation) return String(d.generation);
  return `${d.generation} · observed ${d.observedGeneration ?? DASH}`;
}

type RolloutStyle = { glyph: string; label: string; text: string };

// A shape and a word per state, so the state reads without colour; full class names for Tailwind.
export const rolloutStyles: Record<RolloutStatus, RolloutStyle> = {
  complete: { glyph: '✓', label: 'complete', text: 'text-sev-ok-fg' },
  progressing: { glyph: '↻', label: 'progressing', text: 'text-sev-p3' },
  failed: { glyph: '✕', label: 'failed', text: 'text-sev-p0' },
  unknown: { glyph: '?', label: 'unknown', text: 'text-sev-unknown-fg' },
};

/** The short, distinguishing end of a generated pod name: "media-agent-7d9f8-abcde" → "7d9f8-abcde". */
export function shortenPodName(pod: string, deployment: string | null): string {
  return deployment && pod.startsWith(`${deployment}-`) ? pod.slice(deployment.length + 1) : pod;
}
