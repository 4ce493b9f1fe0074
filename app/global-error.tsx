'use client';

import { useSyncExternalStore } from 'react';
import { describePageError } from '@/components/describe-page-error';
import { useNocRecovery } from '@/lib/client/use-noc-recovery';
import { NocErrorView } from './noc/_components/noc-error-view';
import './globals.css';
import './noc/noc.css';

// Where the error happened; null while rendering on the server, where there is no location.
const subscribeToNothing = () => () => undefined;
const readPathname = () => window.location.pathname;
const readNoPathname = () => null;

const isNocPath = (pathname: string | null) => pathname !== null && /^\/noc(\/|$)/.test(pathname);

/**
 * An error above every route's own error.tsx: in the root layout, or in a layout such as /noc's (its
 * access check throws when the session store is down). This replaces the root layout, so it draws its
 * own document, styled inline as well in case the style sheet is what failed. On the NOC wall nobody
 * is there to press a button: it recovers by itself as app/noc/error.tsx does.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const pathname = useSyncExternalStore(subscribeToNothing, readPathname, readNoPathname);
  const onNoc = isNocPath(pathname);
  const { delayMs, consecutiveReloads } = useNocRecovery(onNoc);
  return (
    <html lang="en">
      <body style={{ margin: 0, minHeight: '100dvh', fontFamily: 'system-ui, sans-serif', background: '#0b0d12', color: '#e6e9ef' }}>
        <title>{onNoc ? 'NOC · VoiceHive Ops' : 'Error · VoiceHive Ops'}</title>
        {onNoc ? (
          <div data-noc-root style={{ height: '100dvh', overflow: 'hidden' }}>
            <NocErrorView message={describePageError(error)} reloadAfterMs={delayMs} consecutiveReloads={consecutiveReloads} />
          </div>
        ) : (
          <div role="alert" style={{ maxWidth: '36rem', margin: '6rem auto', padding: '0 1rem', textAlign: 'center' }}>
            <h1 style={{ fontSize: '1.5rem', fontWeight: 600 }}>The console hit an error</h1>
            <p style={{ color: '#94a0b2' }}>Reload the page; if it happens again, the console&apos;s server log has the details.</p>
            <p style={{ color: '#94a0b2', fontSize: '0.875rem' }}>{describePageError(error)}</p>
            <div style={{ display: 'flex', gap: '0.75rem', justifyContent: 'center', marginTop: '1.5rem' }}>
              <button type="button" onClick={() => window.location.reload()} style={{ padding: '0.5rem 1rem', borderRadius: '0.375rem', border: '1px solid #2a3140', background: '#60a5fa', color: '#0b0d12', fontWeight: 600, cursor: 'pointer' }}>
                Reload
              </button>
              <button type="button" onClick={() => retry()} style={{ padding: '0.5rem 1rem', borderRadius: '0.375rem', border: '1px solid #2a3140', background: 'transparent', color: 'inherit', cursor: 'pointer' }}>
                Try again
              </button>
            </div>
          </div>
        )}
      </body>
    </html>
  );
}
