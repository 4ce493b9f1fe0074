import type { SectionStatus } from '@/lib/severity/section-status';
import type { Severity } from '@/lib/severity/types';
import type { ChartRange } from './schemas';

export type OverviewResponse = {
  generatedAt: number;
  sections: SectionStatus[];
  counts: Record<Severity, number>;
};

export type SectionResponse = { generatedAt: number; status: SectionStatus };

export type PanelResponse = {
  generatedAt: number;
  range: ChartRange;
  series: { name: string; points: [number, number][] }[];
};

export type MeResponse = { kind: 'user' | 'display'; name: string; role: string; permissions: string[] };
