'use client';

import { useQuery } from '@tanstack/react-query';
import type { PmsProbeResult } from '@/lib/pms/health-result';
import { describeError, requestJson } from './api';

export type PmsVendorHealthView = PmsProbeResult & { history: { checkedAt: number; state: string; latencyMs: number | null; httpStatus: number | null }[] };
export type PmsHealthResponse = { generatedAt: number; configured: boolean; intervalMs: number; vendors: PmsVendorHealthView[] };

/** The PMS vendors' health, polled; the server probes each vendor at most once per interval however often this asks. */
export function usePmsHealth(pollMs: number) {
  const query = useQuery({ queryKey: ['pms', 'health'], queryFn: ({ signal }) => requestJson<PmsHealthResponse>('/api/pms', { signal, timeoutMs: 20_000 }), refetchInterval: pollMs, staleTime: pollMs / 2 });
  const problem = query.error ?? query.failureReason;
  return { data: query.data, isPending: query.isPending, error: problem ? describeError(problem) : null, receivedAt: query.dataUpdatedAt };
}
