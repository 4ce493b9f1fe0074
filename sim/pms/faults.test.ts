import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../server';
import { HUGE_BYTES, METADATA_URL } from './faults';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, tickMs: 1000, kube: false });
});
afterAll(async () => {
  await sim.close();
});

describe('PMS fault fixtures', () => {
  it('redirect-other-host: 302 to the metadata address', async () => {
    const response = await fetch(`${sim.url}/pms-faults/redirect-other-host`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(METADATA_URL);
  });

  it('hang: nothing within 500 ms, then the abort ends it', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 500);
    const started = Date.now();
    await expect(fetch(`${sim.url}/pms-faults/hang`, { signal: controller.signal })).rejects.toThrow(/abort/i);
    clearTimeout(timer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
    // The server is still fine afterwards.
    expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
  });

  it('huge: streams a JSON body over 4 MiB', async () => {
    const response = await fetch(`${sim.url}/pms-faults/huge`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-length')).toBeNull();
    const reader = response.body!.getReader();
    let bytes = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      chunks++;
    }
    expect(bytes).toBe(HUGE_BYTES);
    expect(bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(chunks).toBeGreaterThan(1);
  });

  it('huge: a client that stops reading can cancel it', async () => {
    const response = await fetch(`${sim.url}/pms-faults/huge`);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
  });

  it('not-json: 200 text/plain OK', async () => {
    const response = await fetch(`${sim.url}/pms-faults/not-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('OK');
  });

  it('can be left out', async () => {
    const bare = await startSimulator({ port: 0, kube: false, pmsFaults: false });
    try {
      expect((await fetch(`${bare.url}/pms-faults/not-json`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
