'use client';

import { useEffect, useState } from 'react';

/** Trades the token for a display session and goes to the status board; answers what went wrong otherwise. */
async function exchangeToken(token: string | null): Promise<string | null> {
  if (!token) return 'This address has no display token. Open the link an admin created for this screen.';
  try {
    const response = await fetch('/api/auth/display', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    if (response.ok) {
      window.location.replace('/');
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

/** Reads the token from the URL fragment, exchanges it, forgets it, and goes to the status board. */
export function DisplaySignIn() {
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    // The token must not stay in the address bar or the history once used.
    window.history.replaceState(null, '', '/display');
    void exchangeToken(token).then(setProblem);
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
