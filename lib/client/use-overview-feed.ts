'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { acquireOverviewFeed, peekOverviewFeed } from './overview-feed';

/**
 * True while the overview stream delivers: the caller's useQuery on queryKeys.sections() then stops polling
 * (refetchInterval off, never stale) and takes the frames the feed puts into the cache. False on the server, while
 * connecting and after a failure: the caller polls as before.
 */
export function useOverviewFeed(pollMs: number): boolean {
  const client = useQueryClient();
  const subscribe = useCallback(
    (listener: () => void) => {
      const feed = acquireOverviewFeed(client, pollMs);
      const off = feed.subscribe(listener);
      listener(); // the feed may have gone live before this reader subscribed
      return () => {
        off();
        feed.release();
      };
    },
    [client, pollMs],
  );
  return useSyncExternalStore(subscribe, () => peekOverviewFeed(client) === 'live', () => false);
}
