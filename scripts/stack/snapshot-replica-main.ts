// One console replica without Next.js: the overview's own snapshot refresher (lib/server/overview-snapshot.ts)
// over the real section evaluation, Prometheus client and shared state, configured by the same environment
// (PROMETHEUS_URL, CONSOLE_REDIS_URL, UPSTREAM_CACHE_TTL_MS …). Several of these are what the replica tests and
// the bench run when `next start` replicas behind a balancer are not needed to count upstream reads.
//   GET /api/sections      the overview snapshot (as the console serves it, without the session check)
//   GET /api/sections/<id> one section evaluated for this request (the console's section route serves the overview
//                          snapshot's since issue 16; evaluated here so the replica tests see each replica's own
//                          evaluation, and the last good reading the replicas share)
//   GET /state         whether Redis is shared, its last error, and this replica's cache counters
import http from 'node:http';
import { getConsoleMetrics } from '../../lib/server/console-metrics';
import { getCatalog } from '../../lib/server/catalog';
import { getOverviewSnapshot } from '../../lib/server/overview-snapshot';
import { evaluateSection } from '../../lib/server/section-status-service';
import { getSharedLink } from '../../lib/server/shared-state/instance';

const port = Number(process.env.REPLICA_PORT);

async function state() {
  const link = getSharedLink();
  const counters = (await getConsoleMetrics().upstreamCache.get()).values.map((v) => ({ result: String(v.labels.result), upstream: String(v.labels.upstream), value: v.value }));
  return { configured: link !== null, sharing: link?.available() ?? false, error: link?.lastError ?? null, cache: counters };
}

const server = http.createServer((request, response) => {
  const answer = async () => {
    if (request.url === '/api/sections') {
      const snapshot = await getOverviewSnapshot().get();
      response.writeHead(200, { 'content-type': 'application/json', etag: snapshot.etag, 'x-refreshed-at': String(snapshot.refreshedAt) });
      response.end(snapshot.body);
      return;
    }
    const section = /^\/api\/sections\/([a-z0-9-]+)$/.exec(request.url ?? '');
    if (section) {
      const found = getCatalog().byId.get(section[1]!);
      if (!found) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ generatedAt: Date.now(), status: await evaluateSection(found) }));
      return;
    }
    if (request.url === '/state') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(await state()));
      return;
    }
    response.writeHead(404).end();
  };
  answer().catch((error: unknown) => {
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(error instanceof Error ? error.message : String(error));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`replica ${process.pid} listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => {
  server.close();
  void (getSharedLink()?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
