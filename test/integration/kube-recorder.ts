// A recording proxy between the console and the simulator's Kubernetes double: every call the console
// makes, as the API server would see it (method, path, query, content type, status).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedCall = { method: string; path: string; query: URLSearchParams; contentType: string; status: number };

export type KubeRecorder = {
  url: string;
  calls: RecordedCall[];
  /** Where to forward (set once the simulator runs). */
  target: string;
  /** Forgets what was recorded so far. */
  reset(): void;
  close(): Promise<void>;
};

export async function startKubeRecorder(): Promise<KubeRecorder> {
  const calls: RecordedCall[] = [];
  const recorder = { target: '' } as KubeRecorder;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://recorder');
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      fetch(`${recorder.target}${url.pathname}${url.search}`, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => {
          calls.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, contentType: (req.headers['content-type'] ?? '').split(';')[0]!, status: answer.status });
          const body = Buffer.from(await answer.arrayBuffer());
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        })
        .catch((error: unknown) => {
          res.writeHead(502).end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(recorder, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    reset: () => void calls.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A call as the report lists it: `PATCH /apis/apps/v1/…/deployments/x (application/strategic-merge-patch+json, dryRun=All)`. */
export function describeCall(call: RecordedCall): string {
  const dry = call.query.get('dryRun') ? ', dryRun=All' : '';
  const manager = call.query.get('fieldManager') ? `, fieldManager=${call.query.get('fieldManager')}` : '';
  const type = call.contentType ? ` (${call.contentType}${dry}${manager})` : dry || manager ? ` (${`${dry}${manager}`.slice(2)})` : '';
  return `${call.method} ${call.path}${type} → ${call.status}`;
}

export const isWrite = (call: RecordedCall) => call.method !== 'GET';
