import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { createServiceAdminClient } from './client';
import { serviceAdminSettingsFromEnv } from './settings';

// A service's admin API behind a path prefix (an ingress route): a stand-in on loopback that records the
// paths asked for. The adapter already kept the prefix; this pins it for both ways of writing the URL.
const seen: string[] = [];
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"closed"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('service admin base URL with a path prefix', () => {
  it.each(['', '/'])('keeps the prefix (URL ending in %j)', async (end) => {
    seen.length = 0;
    const settings = serviceAdminSettingsFromEnv(parseEnv({ SERVICE_ADMIN_URLS: `orchestrator=${origin}/ops/orchestrator${end}` }));
    await createServiceAdminClient(settings).get('orchestrator', '/admin/circuit-breakers/pms_connector');
    expect(seen).toEqual(['/ops/orchestrator/admin/circuit-breakers/pms_connector']);
  });
});
