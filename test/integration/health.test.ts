// Liveness and readiness in-process, on a real PostgreSQL store (Debian's package, started here) that is
// then stopped: readiness names the store and nothing more; Prometheus down (a closed port, all along)
// keeps the console ready, because it must stay up to show that Prometheus is down.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '@/scripts/stack/postgres';

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let logDir: string;

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answer(route: { GET(): Response | Promise<Response> }): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await route.GET();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-health-'));
  postgres = await startPostgres({ logDir });
  process.env.DATABASE_URL = postgres.url;
  process.env.PROMETHEUS_URL = `http://127.0.0.1:${await closedPort()}`;
  process.env.CONSOLE_URL = 'http://127.0.0.1:3000';
});

afterAll(async () => {
  await postgres?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('health endpoints', () => {
  it('liveness answers 200 with only a status, whatever the dependencies', async () => {
    for (const route of [await import('@/app/api/health/live/route'), await import('@/app/api/health/route')]) {
      expect(await answer(route)).toEqual({ status: 200, body: { status: 'ok' } });
    }
  });

  it('is ready with the store answering and the catalog loaded, though Prometheus does not answer', async () => {
    const ready = await import('@/app/api/health/ready/route');
    // Prometheus is really down: a section read through it fails.
    await expect(fetch(process.env.PROMETHEUS_URL!)).rejects.toThrow();
    expect(await answer(ready)).toEqual({ status: 200, body: { status: 'ready', checks: { store: 'ok', catalog: 'ok' } } });
  });

  it('is not ready (503, naming the store and nothing of its address) once PostgreSQL stops; liveness still answers', async () => {
    await postgres.stop();
    const ready = await import('@/app/api/health/ready/route');
    const { status, body } = await answer(ready);
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'not-ready', checks: { store: 'the store (PostgreSQL) does not answer', catalog: 'ok' } });
    const text = JSON.stringify(body);
    for (const secret of [new URL(postgres.url).port, new URL(postgres.url).password, '127.0.0.1', 'ECONNREFUSED']) if (secret) expect(text).not.toContain(secret);
    expect(await answer(await import('@/app/api/health/live/route'))).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is not ready once shutting down, so a balancer stops sending work while running actions finish', async () => {
    const { shutdown } = await import('@/lib/server/shutdown');
    await shutdown(1_000);
    const { status, body } = await answer(await import('@/app/api/health/ready/route'));
    expect(status).toBe(503);
    expect(body.status).toBe('shutting-down');
  });
});
