// The incident routes in-process against a throwaway SQLite store: who may read and change what (a display
// gets the wall's view only), the 409 with the current state, closing needs incident.close, and updates and
// escalations posted to webhook receivers started here — one answering 500, whose failure is recorded on the
// timeline without blocking the incident. No Prometheus: the linked sections and alerts read as unavailable.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextRequest } from 'next/server';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

type Received = { path: string; body: unknown }[];
const received: Received = [];
let receiver: http.Server;
const ORIGIN = 'http://console';
const callers: Record<string, SignedIn> = {};
let list: typeof import('@/app/api/incidents/route');
let one: typeof import('@/app/api/incidents/[id]/route');
let comms: typeof import('@/app/api/incidents/[id]/communications/route');
let timeline: typeof import('@/app/api/incidents/[id]/timeline/route');

beforeAll(async () => {
  // One receiver: /ok answers 200, /down answers 500 (a chat tool that is down).
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body || '{}') });
      res.writeHead(req.url === '/down' ? 500 : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  useThrowawayStore();
  Object.assign(process.env, { PROMETHEUS_URL: 'http://127.0.0.1:1', CONSOLE_URL: ORIGIN, INCIDENT_WEBHOOK_URLS: `internal=${base}/ok,stakeholders=${base}/down`, ESCALATION_WEBHOOK_URLS: `team-lead=${base}/ok` });
  callers.viewer = await signInAs('viewer', 'i-viewer');
  callers.operator = await signInAs('operator', 'i-operator');
  callers.approver = await signInAs('approver', 'i-approver');
  callers.display = await signInAsDisplay();
  list = await import('@/app/api/incidents/route');
  one = await import('@/app/api/incidents/[id]/route');
  comms = await import('@/app/api/incidents/[id]/communications/route');
  timeline = await import('@/app/api/incidents/[id]/timeline/route');
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

const send = (who: string, path: string, method = 'GET', body?: unknown): NextRequest =>
  callers[who]!.request(`${ORIGIN}${path}`, { method, headers: { origin: ORIGIN, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }); // eslint-disable-line @typescript-eslint/no-explicit-any

async function declare(title: string) {
  const { status, body } = await json(await list.POST(send('operator', '/api/incidents', 'POST', { title, severity: 'P1', summary: 'declared blank' })));
  expect(status).toBe(201);
  return body.incident as { id: string; version: number };
}

describe('incident routes', () => {
  it('declares blank, and a viewer and a display read it — the display only as the wall shows it', async () => {
    const incident = await declare('Checkout calls dropping');
    expect(incident.id).toMatch(/^INC-\d{4}-\d+$/);
    const forViewer = await json(await one.GET(send('viewer', `/api/incidents/${incident.id}`), ctx(incident.id)));
    expect(forViewer.status).toBe(200);
    expect(forViewer.body.incident).toMatchObject({ id: incident.id, summary: 'declared blank', status: 'triage' });
    expect(forViewer.body.escalation).toMatchObject({ engaged: { name: 'On-call engineer' } });
    expect(forViewer.body.timeline.map((e: { category: string }) => e.category)).toEqual(['status']);
    const forDisplay = await json(await one.GET(send('display', `/api/incidents/${incident.id}`), ctx(incident.id)));
    expect(Object.keys(forDisplay.body.incident).sort()).toEqual(['commander', 'declaredAt', 'id', 'severity', 'status', 'title']);
    const wall = await json(await list.GET(send('display', '/api/incidents')));
    expect(wall.body.incidents.every((i: object) => !('summary' in i))).toBe(true);
    expect((await list.POST(send('viewer', '/api/incidents', 'POST', { title: 'x', severity: 'P3' }))).status).toBe(403);
    expect((await list.POST(send('display', '/api/incidents', 'POST', { title: 'x', severity: 'P3' }))).status).toBe(403);
  });

  it('a bad body is a 400 naming the field and changes nothing', async () => {
    const incident = await declare('Bad input');
    const bad = await json(await one.PATCH(send('operator', `/api/incidents/${incident.id}`, 'PATCH', { op: 'role', version: 1, role: 'king', to: 'x' }), ctx(incident.id)));
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'role' } } });
    expect((await json(await one.PATCH(send('operator', '/api/incidents/INC-x', 'PATCH', { op: 'escalate', version: 1, reason: '' }), ctx('INC-x')))).status).toBe(400);
    expect((await json(await one.GET(send('viewer', '/api/incidents/INC-1999-999'), ctx('INC-1999-999')))).status).toBe(404);
  });

  it('a stale version is a 409 carrying the current state; closing needs incident.close', async () => {
    const incident = await declare('Concurrent edits');
    const path = `/api/incidents/${incident.id}`;
    const first = await json(await one.PATCH(send('operator', path, 'PATCH', { op: 'role', version: 1, role: 'commander', to: 'i-operator' }), ctx(incident.id)));
    expect(first).toMatchObject({ status: 200, body: { incident: { version: 2, roles: { commander: 'i-operator' } } } });
    const stale = await json(await one.PATCH(send('approver', path, 'PATCH', { op: 'role', version: 1, role: 'commander', to: 'i-approver' }), ctx(incident.id)));
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'conflict' }, incident: { version: 2, roles: { commander: 'i-operator' } } } });
    for (const to of ['investigating', 'resolved'] as const) {
      const current = (await json(await one.GET(send('viewer', path), ctx(incident.id)))).body.incident.version as number;
      expect((await one.PATCH(send('operator', path, 'PATCH', { op: 'status', version: current, to }), ctx(incident.id))).status).toBe(200);
    }
    const version = (await json(await one.GET(send('viewer', path), ctx(incident.id)))).body.incident.version as number;
    expect((await one.PATCH(send('operator', path, 'PATCH', { op: 'status', version, to: 'closed' }), ctx(incident.id))).status).toBe(403);
    expect((await one.PATCH(send('operator', path, 'PATCH', { op: 'postmortem', version, waiveReason: 'trivial' }), ctx(incident.id))).status).toBe(403);
    const closeEarly = await json(await one.PATCH(send('approver', path, 'PATCH', { op: 'status', version, to: 'closed' }), ctx(incident.id)));
    expect(closeEarly).toMatchObject({ status: 409, body: { error: { message: /post-mortem/ } } });
    const waived = await json(await one.PATCH(send('approver', path, 'PATCH', { op: 'postmortem', version, waiveReason: 'duplicate of a known vendor outage' }), ctx(incident.id)));
    const closed = await json(await one.PATCH(send('approver', path, 'PATCH', { op: 'status', version: waived.body.incident.version, to: 'closed' }), ctx(incident.id)));
    expect(closed).toMatchObject({ status: 200, body: { incident: { status: 'closed' } } });
  });

  it('sends updates to the audience webhook; a failed delivery is recorded and blocks nothing', async () => {
    const incident = await declare('Webhook delivery');
    const path = `/api/incidents/${incident.id}`;
    const drafts = await json(await comms.GET(send('operator', `${path}/communications`), ctx(incident.id)));
    const internal = drafts.body.drafts.find((d: { audience: string }) => d.audience === 'internal');
    expect(internal.text).toMatch(/^\[P1\] Webhook delivery\nStatus: Triage\n/);
    const delivered = await json(await comms.POST(send('operator', `${path}/communications`, 'POST', { audience: 'internal', text: internal.text }), ctx(incident.id)));
    expect(delivered).toMatchObject({ status: 201, body: { delivery: { state: 'delivered' } } });
    expect(received.at(-1)).toEqual({ path: '/ok', body: { text: internal.text } });
    const failed = await json(await comms.POST(send('operator', `${path}/communications`, 'POST', { audience: 'stakeholders', text: 'We are on it.' }), ctx(incident.id)));
    expect(failed).toMatchObject({ status: 201, body: { delivery: { state: 'failed', detail: /HTTP 500/ } } });
    const notConfigured = await json(await comms.POST(send('operator', `${path}/communications`, 'POST', { audience: 'status-page', text: 'Degraded.' }), ctx(incident.id)));
    expect(notConfigured.body.delivery.state).toBe('not-configured');
    // The incident goes on: a role change right after the failed delivery works.
    const view = (await json(await one.GET(send('viewer', path), ctx(incident.id)))).body;
    expect(view.timeline.filter((e: { category: string }) => e.category === 'communication').map((e: { text: string }) => e.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/internal: delivered/), expect.stringMatching(/stakeholders: failed \(the webhook answered HTTP 500\)/)]),
    );
    expect(view.nextUpdateAt).toBeGreaterThan(view.incident.declaredAt);
    expect((await one.PATCH(send('operator', path, 'PATCH', { op: 'role', version: view.incident.version, role: 'scribe', to: 'i-viewer' }), ctx(incident.id))).status).toBe(200);
  });

  it('escalating notifies the level, records it, and notes and stars land on the timeline', async () => {
    const incident = await declare('Escalation');
    const path = `/api/incidents/${incident.id}`;
    const escalated = await json(await one.PATCH(send('operator', path, 'PATCH', { op: 'escalate', version: 1, reason: 'no progress in 20 min' }), ctx(incident.id)));
    expect(escalated.body.incident.escalationLevel).toBe(1);
    expect(received.at(-1)!.body).toEqual({ text: expect.stringMatching(/escalated to Senior engineer \/ team lead by i-operator/) });
    const note = await json(await timeline.POST(send('operator', `${path}/timeline`, 'POST', { op: 'note', text: 'SIP trunk fine' }), ctx(incident.id)));
    expect(note.status).toBe(201);
    expect((await timeline.POST(send('operator', `${path}/timeline`, 'POST', { op: 'star', eventKey: note.body.eventKey, starred: true }), ctx(incident.id))).status).toBe(200);
    const view = (await json(await one.GET(send('viewer', path), ctx(incident.id)))).body;
    expect(view.timeline.find((e: { key: string }) => e.key === note.body.eventKey)).toMatchObject({ starred: true, category: 'note', actor: 'i-operator' });
    expect(view.escalation).toMatchObject({ engaged: { name: 'Senior engineer / team lead' }, next: { name: 'Engineering lead / platform architect' } });
  });
});
