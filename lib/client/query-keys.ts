import type { ChartRange } from '@/lib/api/ids';

/**
 * React Query keys, general to specific, so invalidating ['sections'] refreshes a section and its
 * panels too, and ['sections', id] refreshes that section's panels.
 */
export const queryKeys = {
  sections: () => ['sections'] as const,
  section: (id: string) => [...queryKeys.sections(), id] as const,
  panels: (id: string) => [...queryKeys.section(id), 'panels'] as const,
  panel: (id: string, panelId: string, range: ChartRange) => [...queryKeys.panels(id), panelId, range] as const,
  pmsPanel: (id: string, panelId: string) => [...queryKeys.panels(id), panelId, 'pms'] as const,
  alerts: () => ['alerts'] as const,
};
