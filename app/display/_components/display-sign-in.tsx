'use client';

import { useEffect, useState } from 'react';

/** Reads the token from the URL fragment, exchanges it, forgets it, and goes to the status board. */
export function DisplaySignIn() {
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    // The token must not stay in the address bar or the history once used.
    window.history.replaceState(null, '', '/display');
    if (!token) {
      setProblem('This address has no display token. Open the link an admin created for this screen.');
      return;
    }
    fetch('/api/auth/display', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
      .then(async (response) => {
        if (response.ok) return window.location.replace('/');
        const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        if (body?.error?.code === 'token-revoked') return window.location.replace('/display/revoked');
        setProblem(body?.error?.message ?? `The console refused this display (HTTP ${response.status}).`);
      })
      .catch(() => setProblem('The console did not answer. This page will not retry by itself: reload it when the network is back.'));
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
