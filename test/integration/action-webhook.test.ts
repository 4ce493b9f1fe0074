// The optional approvals webhook against a real local HTTP server (what a Slack incoming webhook receives).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const received: { text: string }[] = [];
let server: http.Server;
let status = 200;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body) as { text: string });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.ACTION_WEBHOOK_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  process.env.CONSOLE_URL = 'https://ops.voicehive.example';
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = { title: 'Scale up if needed', section_id: 'call-failures', requested_by: 'olivia', reason: 'evening peak', params: '{"replicas":5}', decided_by: null, decision_comment: null };

describe('the approvals webhook', () => {
  it('announces a new request and a decision as Slack-compatible {text}', async () => {
    const { notifyWebhook } = await import('@/lib/actions/webhook');
    await notifyWebhook({ ...run, status: 'pending-approval' });
    await notifyWebhook({ ...run, status: 'executing', decided_by: 'adam', decision_comment: 'go' });
    expect(received.map((r) => r.text)).toEqual([
      'olivia asks to run "Scale up if needed" {"replicas":5} (call-failures): evening peak. Approve or reject: https://ops.voicehive.example/approvals',
      'adam approved "Scale up if needed" {"replicas":5} requested by olivia: go (https://ops.voicehive.example/approvals)',
    ]);
  });

  it('never fails the action when the webhook refuses', async () => {
    const { notifyWebhook } = await import('@/lib/actions/webhook');
    status = 500;
    await expect(notifyWebhook({ ...run, status: 'rejected', decided_by: 'ada' })).resolves.toBeUndefined();
    expect(received.at(-1)?.text).toMatch(/^ada rejected "Scale up if needed"/);
  });
});
