import type { SectionStatus } from '@/lib/severity/section-status';
import type { Severity } from '@/lib/severity/types';
import type { ChartRange } from './schemas';

export type OverviewResponse = {
  generatedAt: number;
  sections: SectionStatus[];
  counts: Record<Severity, number>;
};

export type SectionResponse = { generatedAt: number; status: SectionStatus };

/**
 * A panel served from its snapshot whose latest background refresh failed: the answer is the last good one (its
 * `generatedAt` and x-snapshot-age-ms say how old), and this says why it is not newer. Null when it is current.
 */
export type RefreshError = { message: string; at: number };

export type PanelResponse = {
  generatedAt: number;
  range: ChartRange;
  series: { name: string; points: [number, number][] }[];
  refreshError?: RefreshError | null;
};

export type MeResponse = { kind: 'user' | 'display'; name: string; role: string; permissions: string[] };
