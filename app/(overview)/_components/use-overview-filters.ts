'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { formatOverviewFilters, parseOverviewFilters, type OverviewFilters } from '@/lib/overview/filters';

/**
 * The overview's filters, in the URL query so a link (or a reload) keeps them. Written with
 * history.replaceState, which Next.js folds into useSearchParams without a server round trip: typing a
 * search does not reload the page, nor add a history entry per key.
 */
export function useOverviewFilters(): [OverviewFilters, (change: Partial<OverviewFilters>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(() => parseOverviewFilters(params), [params]);
  const update = useCallback(
    (change: Partial<OverviewFilters>) => {
      const query = formatOverviewFilters({ ...filters, ...change });
      window.history.replaceState(null, '', query ? `${pathname}?${query}` : pathname);
    },
    [filters, pathname],
  );
  return [filters, update];
}
