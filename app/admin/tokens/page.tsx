import type { Metadata } from 'next';
import { connection } from 'next/server';
import { listDisplayTokens } from '@/lib/auth/display-tokens';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getStore } from '@/lib/server/store/store';
import { CreateTokenForm } from './_components/create-token-form';
import { TokenTable } from './_components/token-table';

export const metadata: Metadata = { title: 'Display tokens' };

/** NOC display tokens: create one per screen, revoke it when the screen is gone. */
export default async function TokensPage() {
  await connection();
  await requirePageAccess('tokens.manage', '/admin/tokens');
  const tokens = await listDisplayTokens(await getStore());
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Display tokens</h1>
        <p className="mt-1 text-sm text-muted">
          A display token signs one NOC screen in, read-only: it sees section status and nothing else. The secret is shown once; revoking it takes the screen off within one polling interval.
        </p>
      </div>
      <CreateTokenForm />
      <TokenTable tokens={tokens} />
    </div>
  );
}
