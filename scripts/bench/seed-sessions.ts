// Issue 16 bench: N sessions of one user, made in the store as a sign-in makes them (createUserSession), without
// N scrypt sign-ins on a busy console; the stream allows a few per session, and each bench viewer is a browser
// of its own. Prints JSON: { cookieName, tokens }. Run with tsx --conditions=react-server.
import { createUserSession } from '../../lib/auth/sessions';
import { getSessionCookieName, getSessionPolicy } from '../../lib/auth/session-policy';
import { listUsers } from '../../lib/auth/users';
import { getEnv } from '../../lib/env';
import { openStore } from '../../lib/server/store/open-store';

async function main() {
  const env = getEnv();
  const count = Number(process.env.BENCH_SESSIONS ?? 500);
  const username = process.env.BENCH_SESSION_USER ?? 'vera';
  const store = await openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.STORE_PATH });
  try {
    const user = (await listUsers(store)).find((u) => u.username === username);
    if (!user) throw new Error(`no user ${username}`);
    const tokens: string[] = [];
    await store.writeTransaction(async (trx) => {
      for (let i = 0; i < count; i += 1) tokens.push(await createUserSession(trx, user.id, { clientAddress: '127.0.0.1', userAgent: `bench viewer ${i}` }, getSessionPolicy()));
    });
    process.stdout.write(`${JSON.stringify({ cookieName: getSessionCookieName(), tokens })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
