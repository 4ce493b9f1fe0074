'use client';

import { useEffect, useRef, useState } from 'react';
import { useNow } from '@/lib/client/use-now';
import { computeNocRetryDelay } from '@/lib/noc/backoff';
import { countRetrySeconds, decideExchangeStep, type ExchangeAnswer } from '@/lib/noc/display-exchange';
import { resolveDisplayNext } from '@/lib/noc/display-next';

type SignInState = { kind: 'working' } | { kind: 'waiting'; retryAt: number; reason: string } | { kind: 'failed'; message: string };

/** One try at trading the token for a display session; no answer within 15 s counts as none. */
async function postToken(token: string): Promise<ExchangeAnswer> {
  try {
    const response = await fetch('/api/auth/display', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(15_000),
    });
    if (response.ok) return { kind: 'http', status: response.status };
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    return { kind: 'http', status: response.status, code: body?.error?.code, message: body?.error?.message };
  } catch {
    return { kind: 'no-answer' };
  }
}

/**
 * Reads the token from the URL fragment, removes it from the address bar, exchanges it, and goes to the
 * status board, or to the NOC wall with `&next=/noc` (see resolveDisplayNext). While the console cannot
 * be reached (network not up yet, console restarting) it keeps trying with the wall's backoff, the token
 * held in memory only; a refusal is final.
 */
export function DisplaySignIn() {
  const [state, setState] = useState<SignInState>({ kind: 'working' });
  // Kept across React's development double effect, which would otherwise find the token already removed.
  const fragment = useRef<URLSearchParams | null>(null);
  const now = useNow();

  useEffect(() => {
    fragment.current ??= new URLSearchParams(window.location.hash.slice(1));
    // The token must not stay in the address bar or the history once read.
    window.history.replaceState(null, '', '/display');
    const token = fragment.current.get('token');
    const target = resolveDisplayNext(fragment.current);
    let cancelled = false;
    let timer: number | undefined;
    const attempt = async (failures: number) => {
      if (!token) {
        setState({ kind: 'failed', message: 'This address has no display token. Open the link an admin created for this screen.' });
        return;
      }
      const step = decideExchangeStep(await postToken(token), target);
      if (cancelled) return;
      if (step.kind === 'go') window.location.replace(step.to);
      else if (step.kind === 'fail') setState({ kind: 'failed', message: step.message });
      else {
        const delayMs = computeNocRetryDelay(failures);
        setState({ kind: 'waiting', retryAt: Date.now() + delayMs, reason: step.reason });
        timer = window.setTimeout(() => {
          setState({ kind: 'working' });
          void attempt(failures + 1);
        }, delayMs);
      }
    };
    void attempt(0);
    // A new link opened in this tab (pasted after a refusal or a rotation) only changes the fragment: the
    // browser does not load the page again, so start over with it.
    const restart = () => window.location.reload();
    window.addEventListener('hashchange', restart);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      window.removeEventListener('hashchange', restart);
    };
  }, []);

  return (
    <div className="mx-auto mt-24 max-w-xl text-center">
      <h1 className="text-2xl font-semibold">{state.kind === 'failed' ? 'Display not signed in' : 'Signing this display in…'}</h1>
      {state.kind === 'failed' ? (
        <p role="alert" className="mt-3 text-muted">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'waiting' ? (
        <p role="status" data-testid="display-retry" className="mt-3 text-muted">
          Console unreachable, retrying in {countRetrySeconds(state.retryAt, now ?? state.retryAt)} s
          <span className="block text-sm">({state.reason}; this page keeps trying by itself)</span>
        </p>
      ) : null}
    </div>
  );
}
