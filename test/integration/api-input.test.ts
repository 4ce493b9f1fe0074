import { beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

// No Prometheus is started here: bad input must be refused before any upstream call, and a
// Prometheus that is not there must make sections unknown (never ok) with the reason.
let sectionRoute: typeof import('@/app/api/sections/[id]/route');
let panelRoute: typeof import('@/app/api/sections/[id]/panels/[panelId]/route');
let viewer: SignedIn;

beforeAll(async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  useThrowawayStore();
  Object.assign(process.env, { PROMETHEUS_URL: `http://127.0.0.1:${port}`, PROMETHEUS_TIMEOUT_MS: '1000' });
  viewer = await signInAs('viewer');
  sectionRoute = await import('@/app/api/sections/[id]/route');
  panelRoute = await import('@/app/api/sections/[id]/panels/[panelId]/route');
});

const getSection = (id: string) => sectionRoute.GET(viewer.request(`http://console/api/sections/${id}`), { params: Promise.resolve({ id }) });
const getPanel = (id: string, panelId: string, search = '') =>
  panelRoute.GET(viewer.request(`http://console/api/sections/${id}/panels/${panelId}${search}`), { params: Promise.resolve({ id, panelId }) });

describe('section API input', () => {
  it('refuses a malformed id with 400 naming the field', async () => {
    const response = await getSection('../../etc');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad-request', field: 'id' } });
  });

  it('answers 404 for an id that is not in the catalog', async () => {
    const response = await getSection('no-such-section');
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toMatch(/no runbook section "no-such-section"/);
  });

  it('shows a section as unknown, with the reason, when Prometheus cannot be reached', async () => {
    const response = await getSection('call-failures');
    expect(response.status).toBe(200);
    const { status } = await response.json();
    expect(status.severity).toBe('unknown');
    expect(status.error).toMatch(/prometheus: connection refused/);
  });
});

describe('panel API input', () => {
  it('refuses a range outside the allowed list, naming it', async () => {
    const response = await getPanel('call-failures', 'x', '?range=5y');
    expect(response.status).toBe(400);
    expect((await response.json()).error.field).toBe('range');
  });

  it('refuses unknown query parameters: the browser cannot send PromQL', async () => {
    const response = await getPanel('call-failures', 'x', '?query=up');
    expect(response.status).toBe(400);
  });

  it('answers 404 for a panel the section does not have', async () => {
    const response = await getPanel('call-failures', 'no-such-panel');
    expect(response.status).toBe(404);
    expect((await response.json()).error.field).toBe('panelId');
  });

  it('answers 502 naming the upstream when Prometheus cannot be reached', async () => {
    const { getCatalog } = await import('@/lib/server/catalog');
    const chart = getCatalog().byId.get('call-failures')!.panels.find((p) => p.kind === 'timeseries')!;
    const response = await getPanel('call-failures', chart.id);
    expect(response.status).toBe(502);
    expect((await response.json()).error.message).toMatch(/prometheus: connection refused/);
  });
});
