import type { Comparison } from '@/lib/catalog/schema';
import type { Labels } from './types';

export function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>': return value > threshold;
    case '>=': return value >= threshold;
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '==': return value === threshold;
    case '!=': return value !== threshold;
  }
}

/** Names a series for people by the signal's chosen labels, e.g. "apaleo" or "node-1 /". */
export function nameSeries(labels: Labels, seriesLabels: string[]): string {
  return seriesLabels.map((l) => labels[l]).filter(Boolean).join(' ');
}
