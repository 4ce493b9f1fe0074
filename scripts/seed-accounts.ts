// One account per role and one display token, for the demo and the browser tests. Prints JSON on
// stdout: { users: [{ username, role, password }], display: { name, secret } }. Existing demo accounts
// get a fresh password, so the printed ones always work. Run with tsx --conditions=react-server.
import { roleOrder } from '../lib/auth/permissions';
import { createDisplayToken } from '../lib/auth/display-tokens';
import { generatePassword } from '../lib/auth/password';
import { addLocalUser, listUsers, setUserPassword } from '../lib/auth/users';
import { getEnv } from '../lib/env';
import { openStore } from '../lib/server/store/open-store';

const names = { viewer: 'vera', operator: 'olivia', approver: 'adam', admin: 'ada' } as const;

async function main() {
  const env = getEnv();
  const store = await openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.STORE_PATH });
  const actor = { actor: 'seed-accounts', actorRole: 'admin', clientAddress: null };
  try {
    const existing = new Set((await listUsers(store)).map((u) => u.username));
    const users = [];
    for (const role of roleOrder) {
      const username = names[role];
      const password = generatePassword();
      if (existing.has(username)) await setUserPassword(store, actor, username, password);
      else await addLocalUser(store, actor, { username, role, password, displayName: `${username[0]!.toUpperCase()}${username.slice(1)} (${role})` });
      users.push({ username, role, password });
    }
    // Each new screen replaces the last: the demo's link, and the browser tests, open it in many browsers.
    const { token, secret } = await createDisplayToken(store, actor, 'NOC wall (demo)', { binding: 'latest-device' });
    process.stdout.write(`${JSON.stringify({ users, display: { id: token.id, name: token.name, secret } })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
