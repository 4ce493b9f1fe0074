import { RelativeTime } from '@/components/relative-time';
import type { DisplayTokenSummary } from '@/lib/auth/display-tokens';
import { RevokeTokenButton } from './revoke-token-button';

export function TokenTable({ tokens }: { tokens: DisplayTokenSummary[] }) {
  if (tokens.length === 0) return <p className="text-sm text-muted">No display tokens yet.</p>;
  return (
    <table className="w-full border-collapse overflow-hidden rounded-lg border border-line bg-surface text-sm">
      <thead className="bg-surface-2 text-left text-xs text-muted">
        <tr>
          <th className="px-3 py-2">Screen</th>
          <th className="px-3 py-2">Created</th>
          <th className="px-3 py-2">Last used</th>
          <th className="px-3 py-2">State</th>
          <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} className="border-t border-line" data-testid="token-row">
            <td className="px-3 py-2 font-medium">{t.name}</td>
            <td className="px-3 py-2">
              <RelativeTime at={t.created_at} suffix=" ago" /> by {t.created_by}
            </td>
            <td className="px-3 py-2">{t.last_used_at ? <RelativeTime at={t.last_used_at} suffix=" ago" /> : 'never'}</td>
            <td className="px-3 py-2">{t.revoked_at ? <span>✕ revoked by {t.revoked_by}</span> : <span>● active</span>}</td>
            <td className="px-3 py-2 text-right">{t.revoked_at ? null : <RevokeTokenButton id={t.id} name={t.name} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
