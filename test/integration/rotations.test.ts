// The rotations register (issue 19) through its routes, in-process: the simulator exports the blackbox exporter's
// `probe_ssl_earliest_cert_expiry` and a real Prometheus scrapes it; recorded rotations go to a throwaway SQLite
// store, audited. Prometheus down is a real closed port, not a mock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationsResponse } from '@/lib/rotations/register';
import type { Stack } from '@/scripts/stack/stack';
import type { Store } from '@/lib/server/store/open-store';
import { startIntegrationStack } from './estate';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

let stack: Stack;
let store: Store;
let viewer: SignedIn;
let operator: SignedIn;
let listRoute: typeof import('@/app/api/rotations/route');
let recordRoute: typeof import('@/app/api/rotations/[id]/route');
const DAY = 86_400_000;

beforeAll(async () => {
  useThrowawayStore();
  stack = await startIntegrationStack();
  viewer = await signInAs('viewer');
  operator = await signInAs('operator', 'olivia');
  store = await (await import('@/lib/server/store/store')).getStore();
  listRoute = await import('@/app/api/rotations/route');
  recordRoute = await import('@/app/api/rotations/[id]/route');
});
afterAll(async () => {
  await stack?.stop();
});

const list = async (who: SignedIn) => listRoute.GET(who.request('http://console/api/rotations'));
const record = (who: SignedIn, id: string, body: unknown, origin = 'http://console') =>
  recordRoute.POST(who.request(`http://console/api/rotations/${id}`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({ id }) });

describe('the rotations register', () => {
  it('lists the configured secrets (003: JWT secret and database password quarterly, cloud keys twice a year) and the live certificates', async () => {
    let body: RotationsResponse | undefined;
    await expect
      .poll(async () => {
        body = (await (await list(viewer)).json()) as RotationsResponse;
        return body.certificates.certificates.length;
      }, { timeout: 30_000 })
      .toBe(3);
    const periods = Object.fromEntries(body!.rotations.map((r) => [r.id, r.periodDays]));
    expect(periods).toMatchObject({ 'jwt-secret': 90, 'database-password': 90, 'cloud-keys': 182 });
    expect(body!.rotations.every((r) => r.state === 'never' && r.nextDueAt === null)).toBe(true);
    // The simulator's livekit certificate has 19 days left: inside the 30-day renewal window.
    const byInstance = Object.fromEntries(body!.certificates.certificates.map((c) => [c.instance, c]));
    expect(byInstance['https://livekit.voicehive.example']!.state).toBe('due');
    expect(byInstance['https://api.voicehive.example']!.state).toBe('ok');
    expect(byInstance['https://api.voicehive.example']!.expiresAt).toBeGreaterThan(Date.now() + 70 * DAY);
    expect(body!.certificates.error).toBeNull();
  });

  it('lets an operator record a rotation (audited), with its next due date; a viewer and a display may not', async () => {
    expect((await record(viewer, 'jwt-secret', { note: 'rotated' })).status).toBe(403);
    expect((await list(await signInAsDisplay())).status).toBe(403);
    const rotatedAt = new Date(Date.now() - 80 * DAY).toISOString();
    const response = await record(operator, 'jwt-secret', { rotatedAt, note: 'CHG-1042: new JWT secret in the vault, pods restarted' });
    expect(response.status).toBe(201);
    const body = (await (await list(viewer)).json()) as RotationsResponse;
    const jwt = body.rotations.find((r) => r.id === 'jwt-secret')!;
    expect(jwt.last).toMatchObject({ recordedBy: 'olivia', rotatedAt: Date.parse(rotatedAt) });
    expect(jwt.nextDueAt).toBe(Date.parse(rotatedAt) + 90 * DAY);
    // 80 of 90 days gone: within the 14 days before it is due.
    expect(jwt.state).toBe('due');
    const audit = await store.db.selectFrom('audit_log').select(['actor', 'outcome', 'target']).where('action', '=', 'rotation.record').execute();
    expect(audit).toEqual([{ actor: 'olivia', outcome: 'success', target: 'rotation jwt-secret (JWT secret)' }]);

    // Long ago: overdue. A fresh one puts it back to ok.
    await record(operator, 'cloud-keys', { rotatedAt: new Date(Date.now() - 200 * DAY).toISOString(), note: 'last year’s rotation, recorded late' });
    expect(((await (await list(viewer)).json()) as RotationsResponse).rotations.find((r) => r.id === 'cloud-keys')!.state).toBe('overdue');
    await record(operator, 'cloud-keys', { note: 'new access keys issued, old ones deleted' });
    expect(((await (await list(viewer)).json()) as RotationsResponse).rotations.find((r) => r.id === 'cloud-keys')!.state).toBe('ok');
  });

  it('refuses bad input naming the field, unknown entries and cross-site writes, recording nothing', async () => {
    const before = (await store.db.selectFrom('rotation_records').selectAll().execute()).length;
    const cases: [string, unknown, number, string][] = [
      ['jwt-secret', {}, 400, 'note'],
      ['jwt-secret', { note: '   ' }, 400, 'note'],
      ['jwt-secret', { note: 'x', rotatedAt: new Date(Date.now() + DAY).toISOString() }, 400, 'rotatedAt'],
      ['jwt-secret', { note: 'x', rotatedAt: 'yesterday' }, 400, 'rotatedAt'],
      ['jwt-secret', { note: 'x', rotatedAt: new Date(Date.now() - 400 * DAY).toISOString() }, 400, 'rotatedAt'],
      ['no-such-secret', { note: 'x' }, 404, 'id'],
      ['Bad_Id', { note: 'x' }, 400, 'id'],
    ];
    for (const [id, body, status, field] of cases) {
      const response = await record(operator, id, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await record(operator, 'jwt-secret', { note: 'x' }, 'https://evil.example')).status).toBe(403);
    expect((await store.db.selectFrom('rotation_records').selectAll().execute()).length).toBe(before);
  });

  it('says when the certificates cannot be read (Prometheus down), never that there are none', async () => {
    const { readCertificates } = await import('@/lib/server/rotations/service');
    const { createPrometheusClient } = await import('@/lib/server/prometheus');
    const down = createPrometheusClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2_000, cacheTtlMs: 1 });
    const answer = await readCertificates(down, Date.now(), 30 * DAY);
    expect(answer.certificates).toEqual([]);
    expect(answer.error).toMatch(/prometheus|127\.0\.0\.1/i);
  });
});
