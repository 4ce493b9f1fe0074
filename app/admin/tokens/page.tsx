import type { Metadata } from 'next';
import { connection } from 'next/server';
import { listDisplayTokens } from '@/lib/auth/display-tokens';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getStore } from '@/lib/server/store/store';
import { CreateTokenForm } from './_components/create-token-form';
import { TokenTable } from './_components/token-table';

export const metadata: Metadata = { title: 'Display tokens' };

// The time the list was read, to tell an expired token from a live one in the same render.
async function loadTokens() {
  return { tokens: await listDisplayTokens(await getStore()), renderedAt: Date.now() };
}

/** NOC display tokens: create one per screen, rotate it to re-link a screen, revoke it when the screen is gone. */
export default async function TokensPage() {
  await connection();
  await requirePageAccess('tokens.manage', '/admin/tokens');
  const { tokens, renderedAt } = await loadTokens();
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Display tokens</h1>
        <p className="mt-1 text-sm text-muted">
          A display token signs one NOC screen in, read-only: it sees section status and nothing else. Its link is shown once and signs in the first screen that opens it (a second is refused,
          unless you chose that each new screen replaces the last). Rotating gives the screen a new link and stops the old one; revoking takes the screen off within one polling interval.
        </p>
      </div>
      <CreateTokenForm />
      <TokenTable tokens={tokens} now={renderedAt} />
    </div>
  );
}
