'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ChartRange } from '@/lib/api/ids';
import { describeError, fetchPanel } from './api';
import { queryKeys } from './query-keys';

const rangeMs: Record<ChartRange, number> = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000 };

/** A chart has about 120 points, so polling faster than one point per poll only repeats the same picture. */
export function choosePanelInterval(range: ChartRange, pollMs: number): number {
  return Math.max(pollMs, Math.round(rangeMs[range] / 120));
}

export function usePanelSeries({ id, panelId, range, pollMs }: { id: string; panelId: string; range: ChartRange; pollMs: number }) {
  const interval = choosePanelInterval(range, pollMs);
  const query = useQuery({
    queryKey: queryKeys.panel(id, panelId, range),
    queryFn: ({ signal }) => fetchPanel(id, panelId, range, signal),
    refetchInterval: interval,
    staleTime: interval / 2,
    // Switching range keeps the old lines on screen until the new ones arrive, instead of a blank chart.
    placeholderData: keepPreviousData,
  });
  const problem = query.error ?? query.failureReason;
  // The server's own refresh failing is the same for the viewer as this poll failing: the lines are the last
  // good ones, as of when the server read them (its snapshot, lib/server/panel-snapshots.ts), and say why.
  const refreshError = query.data?.refreshError ?? null;
  return {
    data: query.data,
    isPending: query.isPending,
    isPlaceholder: query.isPlaceholderData,
    error: problem ? describeError(problem) : refreshError ? `the console could not refresh this chart: ${refreshError.message}` : null,
    receivedAt: query.data ? query.data.generatedAt : query.dataUpdatedAt,
  };
}
