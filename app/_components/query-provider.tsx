'use client';

import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { shouldRetry } from '@/lib/client/retry-policy';
import { getSessionEndRedirect } from '@/lib/client/session-end';

function createQueryClient() {
  return new QueryClient({
    // A poll answered 401 means the session ended (timed out, signed out elsewhere, token revoked).
    queryCache: new QueryCache({
      onError: (error) => {
        const target = getSessionEndRedirect(error, window.location.pathname + window.location.search);
        if (target) window.location.assign(target);
      },
    }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        refetchOnWindowFocus: true,
        // Returning from another tab or regaining the network refreshes at once: the data may be old.
        refetchOnReconnect: true,
      },
    },
  });
}

/** One QueryClient per browser tab (created in state so it survives re-renders, never shared between requests). */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
