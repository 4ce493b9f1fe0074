// Threat 2: with no proxy/middleware in front at all (route handlers called in-process, as if it were
// disabled or skipped, CVE-2024-51479), every mutating handler still refuses anonymous callers and
// roles without the permission. Threat 26: if the audit record cannot be written, the change does not
// happen. A throwaway SQLite store; no upstream is needed (every call is refused or fails before one).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '@/lib/auth/permissions';
import type { Store } from '@/lib/server/store/open-store';
import { listRouteHandlers } from '@/e2e/support/route-inventory';
import { breakAuditLog } from './store-engines';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

const root = path.resolve(__dirname, '../..');
const ORIGIN = 'http://console';
/** Every route that changes something, and the permission it needs; `public` ones change only the caller's own session. */
const writes: Record<string, Permission | 'public'> = {
  'POST /api/actions/preview': 'action.request',
  'POST /api/actions/runs': 'action.request',
  'POST /api/actions/runs/[id]/cancellation': 'action.cancel',
  'POST /api/actions/runs/[id]/decision': 'action.approve',
  'POST /api/alerts/[fingerprint]/acknowledgement': 'alert.ack',
  'DELETE /api/alerts/[fingerprint]/acknowledgement/[silenceId]': 'alert.ack',
  'POST /api/incidents': 'incident.manage',
  'PATCH /api/incidents/[id]': 'incident.manage',
  'POST /api/incidents/[id]/timeline': 'incident.manage',
  'POST /api/incidents/[id]/communications': 'incident.manage',
  'POST /api/temporary-changes/[id]/revert': 'action.request',
  'POST /api/routines/[id]/completions': 'routine.complete',
  'POST /api/maintenance': 'maintenance.schedule',
  'POST /api/maintenance/[id]/decision': 'maintenance.approve',
  'POST /api/maintenance/[id]/end': 'maintenance.schedule',
  'POST /api/rotations/[id]': 'rotation.record',
  'POST /api/tokens': 'tokens.manage',
  'DELETE /api/tokens/[id]': 'tokens.manage',
  'POST /api/tokens/[id]/rotation': 'tokens.manage',
  'POST /api/auth/display/session': 'status.read',
  'POST /api/auth/login': 'public',
  'POST /api/auth/display': 'public',
  'POST /api/auth/logout': 'public',
};
const segmentValues: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', fingerprint: '0000000000000000', silenceId: '00000000-0000-4000-8000-000000000000', panelId: 'x' };

let store: Store;
const callers: Record<string, SignedIn | null> = {};

beforeAll(async () => {
  useThrowawayStore();
  Object.assign(process.env, { PROMETHEUS_URL: 'http://127.0.0.1:1' });
  callers.anonymous = null;
  callers.viewer = await signInAs('viewer', 'h-viewer');
  callers.operator = await signInAs('operator', 'h-operator');
  callers.display = await signInAsDisplay();
  callers.admin = await signInAs('admin', 'h-admin');
  store = await (await import('@/lib/server/store/store')).getStore();
});

afterAll(async () => {
  await store?.close();
});

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(key: string, who: SignedIn | null, body: unknown = {}): Promise<Response> {
  const [method, route] = key.split(' ') as [string, string];
  const handlers = (await import(/* @vite-ignore */ path.join(root, 'app', route, 'route.ts'))) as Record<string, Handler>;
  const params = Object.fromEntries([...route.matchAll(/\[(\w+)\]/g)].map(([, name]) => [name!, segmentValues[name!]!]));
  const url = `${ORIGIN}${route.replace(/\[(\w+)\]/g, (_, name: string) => segmentValues[name]!)}`;
  const init = { method, headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const request = who ? who.request(url, init) : new NextRequest(url, init);
  return handlers[method]!(request, { params: Promise.resolve(params) });
}

describe('threat 2: with no middleware at all, every mutating handler refuses anonymous callers and roles without the permission', () => {
  it('the table names every write route there is', () => {
    const found = listRouteHandlers(path.join(root, 'app')).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.route}`);
    expect(found.sort()).toEqual(Object.keys(writes).sort());
  });

  it('proxy.ts decides nothing about access (it sets headers; a proxy can be skipped)', () => {
    const proxy = fs.readFileSync(path.join(root, 'proxy.ts'), 'utf8');
    expect(proxy).not.toMatch(/lib\/auth|cookies|status: 40[13]|redirect\(|NextResponse\.(redirect|rewrite|json)/);
  });

  for (const [key, need] of Object.entries(writes).filter(([, need]) => need !== 'public')) {
    it(`${key} (${need}): anonymous 401; a role without ${need} 403`, async () => {
      expect((await call(key, null)).status, 'anonymous').toBe(401);
      const { can } = await import('@/lib/auth/permissions');
      for (const role of ['viewer', 'operator', 'display'] as const) {
        const status = (await call(key, callers[role]!)).status;
        if (can(role, need as Permission)) expect([401, 403], `${role}: ${status}`).not.toContain(status);
        else expect(status, role).toBe(403);
      }
    });
  }

  it('the public ones give an anonymous caller no session and change nothing else', async () => {
    const tokens = await store.db.selectFrom('display_tokens').select('id').execute();
    for (const [key, body] of [['POST /api/auth/login', { username: 'h-admin', password: 'wrong password' }], ['POST /api/auth/display', { token: 'vhd_not-a-token' }], ['POST /api/auth/logout', {}]] as const) {
      const response = await call(key, null, body);
      expect(response.headers.get('set-cookie') ?? '', key).not.toMatch(/vh_session=[^;]+/);
    }
    expect(await store.db.selectFrom('display_tokens').select('id').execute()).toEqual(tokens);
  });
});

describe('threat 26: if the audit record cannot be written, the change does not happen', () => {
  it('no token is created and no sign-in succeeds while the audit log refuses writes; both work again after', async () => {
    const before = await store.db.selectFrom('display_tokens').select('id').execute();
    await breakAuditLog(store);
    try {
      const created = await call('POST /api/tokens', callers.admin!, { name: 'audit down' });
      expect(created.status).toBe(500);
      expect(await store.db.selectFrom('display_tokens').select('id').execute()).toEqual(before);
      const { addLocalUser } = await import('@/lib/auth/users');
      await sql`drop trigger audit_down`.execute(store.db);
      await addLocalUser(store, { actor: 'test-setup' }, { username: 'h-audit', role: 'viewer', password: 'correct horse battery staple' });
      await breakAuditLog(store);
      const signIn = await call('POST /api/auth/login', null, { username: 'h-audit', password: 'correct horse battery staple' });
      expect(signIn.status).toBe(500);
      expect(signIn.headers.get('set-cookie') ?? '').not.toMatch(/vh_session=[^;]+/);
      expect(await store.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.id').where('users.username', '=', 'h-audit').execute()).toEqual([]);
    } finally {
      await sql`drop trigger if exists audit_down`.execute(store.db);
    }
    expect((await call('POST /api/tokens', callers.admin!, { name: 'audit back' })).status).toBe(201);
  });
});
