import { RelativeTime } from '@/components/relative-time';
import type { UserSummary } from '@/lib/auth/users';

export function UserTable({ users }: { users: UserSummary[] }) {
  if (users.length === 0) return <p className="text-sm text-muted">No accounts yet: add one with npm run ops -- user add.</p>;
  return (
    // Scrolls sideways inside its frame on a narrow screen; the page itself never does.
    <div className="relative overflow-x-auto rounded-lg">
      <table className="w-full border-collapse overflow-hidden rounded-lg border border-line bg-surface text-sm">
        <thead className="bg-surface-2 text-left text-xs text-muted">
          <tr>
            <th className="px-3 py-2">User</th>
            <th className="px-3 py-2">Role</th>
            <th className="px-3 py-2">Sign-in</th>
            <th className="px-3 py-2">Last sign-in</th>
            <th className="px-3 py-2">State</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-line" data-testid="user-row">
              <td className="px-3 py-2">
                <span className="font-medium">{u.username}</span>
                {u.display_name !== u.username ? <span className="ml-2 text-muted">{u.display_name}</span> : null}
              </td>
              <td className="px-3 py-2">{u.role}</td>
              <td className="px-3 py-2">{u.source === 'oidc' ? 'single sign-on' : 'password'}</td>
              <td className="px-3 py-2">{u.last_sign_in_at ? <RelativeTime at={u.last_sign_in_at} suffix=" ago" /> : 'never'}</td>
              <td className="px-3 py-2">{u.disabled_at ? '✕ disabled' : '● active'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
