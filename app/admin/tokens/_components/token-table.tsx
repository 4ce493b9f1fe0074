import { RelativeTime } from '@/components/relative-time';
import type { DisplayTokenSummary } from '@/lib/auth/display-tokens';
import { RevokeTokenButton } from './revoke-token-button';
import { RotateTokenButton } from './rotate-token-button';

const bindingWords = { 'first-device': 'one screen', 'latest-device': 'newest screen' } as const;

function TokenState({ token, now }: { token: DisplayTokenSummary; now: number }) {
  if (token.revoked_at !== null) return <span>✕ revoked by {token.revoked_by}</span>;
  if (token.expires_at !== null && token.expires_at <= now) return <span>✕ expired</span>;
  if (token.bound_at === null) return <span>○ not yet opened{token.rotated_at !== null ? ' (rotated)' : ''}</span>;
  return <RelativeTime at={token.bound_at} prefix="● on a screen since " suffix=" ago" />;
}

/** Every token: how it binds, when it expires, when and from where it was last used, and what it is doing now. */
export function TokenTable({ tokens, now }: { tokens: DisplayTokenSummary[]; now: number }) {
  if (tokens.length === 0) return <p className="text-sm text-muted">No display tokens yet.</p>;
  return (
    // Scrolls sideways inside its frame on a narrow screen; the page itself never does (relative: the
    // sr-only labels are positioned, and without a positioned frame they widen the page past it).
    <div className="relative overflow-x-auto rounded-lg">
      <table className="w-full border-collapse overflow-hidden rounded-lg border border-line bg-surface text-sm">
        <thead className="bg-surface-2 text-left text-xs text-muted">
          <tr>
            <th className="px-3 py-2">Screen</th>
            <th className="px-3 py-2">Created</th>
            <th className="px-3 py-2">Signs in</th>
            <th className="px-3 py-2">Expires</th>
            <th className="px-3 py-2">Last used</th>
            <th className="px-3 py-2">State</th>
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-line align-top" data-testid="token-row">
              <td className="px-3 py-2 font-medium">{t.name}</td>
              <td className="px-3 py-2">
                <RelativeTime at={t.created_at} suffix=" ago" /> by {t.created_by}
              </td>
              <td className="px-3 py-2">{bindingWords[t.binding]}</td>
              <td className="px-3 py-2">{t.expires_at === null ? 'never' : t.expires_at <= now ? <RelativeTime at={t.expires_at} suffix=" ago" /> : <RelativeTime at={t.expires_at} mode="until" prefix="in " />}</td>
              <td className="px-3 py-2" data-testid="token-last-used">
                {t.last_used_at === null ? (
                  'never'
                ) : (
                  <>
                    <RelativeTime at={t.last_used_at} suffix=" ago" />
                    {t.last_used_address ? <span className="block font-mono text-xs text-muted">from {t.last_used_address}</span> : null}
                  </>
                )}
              </td>
              <td className="px-3 py-2">
                <TokenState token={t} now={now} />
              </td>
              <td className="space-x-2 px-3 py-2 text-right">
                {t.revoked_at === null ? (
                  <>
                    <RotateTokenButton id={t.id} name={t.name} />
                    <RevokeTokenButton id={t.id} name={t.name} />
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
