// Counts the queries that reach Prometheus, per query and in all, in front of a real Prometheus (a proxy:
// the bench) or as a stand-in that answers every query itself (the replica tests, which must switch an
// outage on and off at a known moment and count exactly, without waiting ~6 s for a real first scrape).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type QueryRecord = { path: string; query: string; key: string; at: number };

export type CountingPrometheus = {
  url: string;
  /** Every query received (instant and range), in arrival order. */
  readonly queries: QueryRecord[];
  /** Stand-in only: while true every query gets HTTP 503, as a Prometheus going down behind its proxy does. */
  down: boolean;
  stop(): Promise<void>;
};

/** The stand-in's answer: every instant query `value` for one series, every range query that value over the range. */
function answerItself(path: string, params: URLSearchParams, value: number): unknown {
  const metric = { __name__: 'stand_in', job: 'stand-in' };
  if (path === '/api/v1/query') return { status: 'success', data: { resultType: 'vector', result: [{ metric, value: [Date.now() / 1000, String(value)] }] } };
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  const step = Number.parseFloat(params.get('step') ?? '60');
  const values: [number, string][] = [];
  for (let t = start; t <= end && values.length < 11_000; t += step) values.push([t, String(value)]);
  return { status: 'success', data: { resultType: 'matrix', result: [{ metric, values }] } };
}

export async function startCountingPrometheus(options: { target?: string; value?: number }): Promise<CountingPrometheus> {
  const queries: QueryRecord[] = [];
  const state = { down: false };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? '/', 'http://counting');
      const isQuery = url.pathname === '/api/v1/query' || url.pathname === '/api/v1/query_range';
      const params = new URLSearchParams(request.method === 'POST' ? body.toString('utf8') : url.search);
      if (isQuery) {
        const query = params.get('query') ?? '';
        const key = url.pathname === '/api/v1/query' ? query : `${query} [${params.get('start')}, ${params.get('end')}, ${params.get('step')}]`;
        queries.push({ path: url.pathname, query, key, at: Date.now() });
      }
      if (!options.target) {
        if (state.down) return void response.writeHead(503, { 'content-type': 'text/plain' }).end('stand-in Prometheus is down');
        if (!isQuery) return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify(answerItself(url.pathname, params, options.value ?? 1)));
      }
      const forward = http.request(new URL(`${url.pathname}${url.search}`, options.target), { method: request.method, headers: { ...request.headers, host: new URL(options.target).host } }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      forward.on('error', (error) => response.writeHead(502).end(error.message));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
