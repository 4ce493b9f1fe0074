'use client';

import { useEffect, useState } from 'react';
import { resolveDisplayNext } from '@/lib/noc/display-next';

/** Trades the token for a display session and goes to `target`; answers what went wrong otherwise. */
async function exchangeToken(token: string | null, target: string): Promise<string | null> {
  if (!token) return 'This address has no display token. Open the link an admin created for this screen.';
  try {
    const response = await fetch('/api/auth/display', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    if (response.ok) {
      window.location.replace(target);
      return null;
    }
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (body?.error?.code === 'token-revoked') {
      window.location.replace('/display/revoked');
      return null;
    }
    return body?.error?.message ?? `The console refused this display (HTTP ${response.status}).`;
  } catch {
    return 'The console did not answer. This page will not retry by itself: reload it when the network is back.';
  }
}

/**
 * Reads the token from the URL fragment, exchanges it, forgets it, and goes to the status board, or
 * to the NOC wall with `&next=/noc` (only paths from a fixed list: see resolveDisplayNext).
 */
export function DisplaySignIn() {
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    // The token must not stay in the address bar or the history once used.
    window.history.replaceState(null, '', '/display');
    void exchangeToken(fragment.get('token'), resolveDisplayNext(fragment)).then(setProblem);
  }, []);

  return (
    <div className="mx-auto mt-24 max-w-xl text-center">
      <h1 className="text-2xl font-semibold">{problem ? 'Display not signed in' : 'Signing this display in…'}</h1>
      {problem ? (
        <p role="alert" className="mt-3 text-muted">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
