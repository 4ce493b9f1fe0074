// A Slack-compatible webhook receiver for the browser tests: it records every `{text}` posted to it, and the
// tests read them back over HTTP (they run in other processes than global-setup, which owns this server).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedMessage = { path: string; body: unknown; at: number };

export async function startWebhookReceiver(): Promise<{ url: string; stop(): Promise<void> }> {
  const received: ReceivedMessage[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/received') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      try {
        received.push({ path: req.url ?? '', body: JSON.parse(body), at: Date.now() });
        res.writeHead(200).end('ok');
      } catch {
        res.writeHead(400).end('not JSON');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What the receiver got so far (from a test worker). */
export async function readReceivedMessages(): Promise<ReceivedMessage[]> {
  return (await (await fetch(`${process.env.E2E_WEBHOOK_URL}/received`)).json()) as ReceivedMessage[];
}
