/** React Query keys for remediation runs, general to specific: invalidating all() refreshes the list and every run followed. */
export const actionQueryKeys = {
  all: () => ['action-runs'] as const,
  list: () => [...actionQueryKeys.all(), 'list'] as const,
  run: (id: string) => [...actionQueryKeys.all(), 'run', id] as const,
};
