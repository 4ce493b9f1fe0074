import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { listUsers } from '@/lib/auth/users';
import { getStore } from '@/lib/server/store/store';
import { UserTable } from './_components/user-table';

export const metadata: Metadata = { title: 'Users' };

/** Who can sign in, with which role. Changes go through the CLI, where they are scripted and audited. */
export default async function UsersPage() {
  await connection();
  await requirePageAccess('users.manage', '/admin/users');
  const users = await listUsers(await getStore());
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-muted">
          Local accounts and single sign-on accounts (created at their first sign-in). Add, change or disable them with{' '}
          <code className="rounded bg-surface-2 px-1">npm run ops -- user …</code>; every change is in the audit log.
        </p>
      </div>
      <UserTable users={users} />
    </div>
  );
}
