// Issue 12, points 2 and 3 against the built console and its real sockets: the client address is the
// socket's (TRUSTED_PROXY_HOPS=0 here), whatever X-Forwarded-For says, and nobody can lock another person
// out by failing to sign in as them. The "other client" is 127.0.0.2 (see support/from-address.ts).
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { signInFrom } from './support/from-address';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

type AuditRecord = { seq: number; actor: string; action: string; target: string | null; outcome: string; clientAddress: string | null; detail: Record<string, unknown> };
async function readAudit(query: string): Promise<AuditRecord[]> {
  const approver = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('approver') });
  const body = (await (await approver.get(`/api/audit?${query}`)).json()) as { records: AuditRecord[] };
  await approver.dispose();
  return body.records;
}

test.describe('threat 11 / issue 12 point 3: the client address comes from the socket, not from a header anyone can set', () => {
  test('a sign-in attempt carrying X-Forwarded-For is recorded with the socket address', async () => {
    const probe = `xff-probe-${Date.now()}`;
    const attempts = [['127.0.0.1', '203.0.113.66'], ['127.0.0.2', '198.51.100.7, not-an-address'], ['127.0.0.2', '<script>']] as const;
    // One account name per attempt, so that no throttle answers before the attempt is recorded.
    for (const [i, [from, forwarded]] of attempts.entries()) {
      const answer = await signInFrom(from, consoleUrl(), `${probe}-${i}`, 'wrong password', { 'x-forwarded-for': forwarded });
      expect(answer.status, answer.body).toBe(401);
    }
    const records = await readAudit('action=auth.sign-in&outcome=failure&limit=50');
    expect(attempts.map((_, i) => records.find((r) => r.target === `${probe}-${i}`)?.clientAddress)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.2']);
  });
});

test.describe('issue 12 point 2: nobody can lock an account for everyone without signing in', () => {
  test('another client failing many times, X-Forwarded-For changing each time, neither locks nor slows the owner', async () => {
    const operator = readSeededAccounts().users.find((u) => u.role === 'operator')!;
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) {
      answers.push((await signInFrom('127.0.0.2', consoleUrl(), operator.username, `guess-${i}`, { 'x-forwarded-for': `10.9.${i}.${i}` })).status);
    }
    // The attacking client is slowed down and then locked out of this account…
    expect(answers.slice(0, 2)).toEqual([401, 401]);
    expect(answers).toContain(429);
    // …and the owner, from their own client, signs in at once.
    const owner = await signInFrom('127.0.0.1', consoleUrl(), operator.username, operator.password);
    expect(owner.status, owner.body).toBe(200);
  });

  test('an account guessed at from many clients leaves an alert in the audit log', async () => {
    const target = readSeededAccounts().users.find((u) => u.role === 'admin')!;
    for (const from of ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6']) {
      expect((await signInFrom(from, consoleUrl(), target.username, 'not the password')).status).toBe(401);
    }
    const alerts = (await readAudit('action=auth.guessing&limit=10')).filter((r) => r.target === target.username);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ actor: 'system', outcome: 'failure' });
    expect(alerts[0]!.detail).toMatchObject({ clients: expect.any(Number) });
    // The account itself still works for its owner.
    expect((await signInFrom('127.0.0.1', consoleUrl(), target.username, target.password)).status).toBe(200);
  });
});
