import { queryKeys } from './query-keys';

/**
 * Keys for the live Kubernetes panels, under their section's key (general to specific): invalidating a
 * section — after a restart, say — refreshes its workloads and log tails too.
 */
export const workloadQueryKeys = {
  workloads: (id: string, panelId: string) => [...queryKeys.section(id), 'workloads', panelId] as const,
  logs: (id: string, panelId: string) => [...queryKeys.section(id), 'logs', panelId] as const,
};
