/** React Query keys for remediation runs, general to specific: invalidating all() refreshes the list and every run followed. */
export const actionQueryKeys = {
  all: () => ['action-runs'] as const,
  list: () => [...actionQueryKeys.all(), 'list'] as const,
  /** One section's runs, or the signed-in person's own. */
  listOf: (filter: { section?: string; mine?: boolean }) => [...actionQueryKeys.all(), 'list', filter.section ?? '', filter.mine ? 'mine' : 'everyone'] as const,
  run: (id: string) => [...actionQueryKeys.all(), 'run', id] as const,
};
