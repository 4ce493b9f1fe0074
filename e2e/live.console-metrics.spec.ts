// The console's own metrics through the real server (server.mjs + the built app): each answered request is
// counted by its route's pattern and status, never by its URL. (Actions by kind and outcome, and leases:
// test/integration/console-metrics.test.ts.)
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { storageStatePath } from './support/accounts';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const valueOf = (text: string, series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1] ?? 0);

test('a request shows in /api/metrics by route pattern and status', async () => {
  const admin = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('admin') });
  const signedOut = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: { cookies: [], origins: [] } });
  try {
    const scrape = async () => {
      const response = await admin.get('/api/metrics');
      expect(response.status()).toBe(200);
      return response.text();
    };
    const ok = 'voicehive_ops_http_requests_total{route="/api/sections/[id]",method="GET",status="200"}';
    const refused = 'voicehive_ops_http_requests_total{route="/api/sections/[id]",method="GET",status="401"}';
    const unmatched = 'voicehive_ops_http_requests_total{route="unmatched",method="GET",status="404"}';
    const before = await scrape();

    expect((await admin.get('/api/sections/call-failures')).status()).toBe(200);
    expect((await admin.get('/api/sections/dns')).status()).toBe(200);
    expect((await signedOut.get('/api/sections/dns')).status()).toBe(401);
    expect((await admin.get('/no-such-page/metrics-probe-4711')).status()).toBe(404);

    // Counted when the response has finished: poll rather than assume it already was.
    await expect.poll(async () => valueOf(await scrape(), ok) - valueOf(before, ok)).toBe(2);
    const after = await scrape();
    expect(valueOf(after, refused) - valueOf(before, refused)).toBe(1);
    expect(valueOf(after, unmatched) - valueOf(before, unmatched)).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/voicehive_ops_http_request_duration_seconds_bucket\{le="[0-9.]+",route="\/api\/sections\/\[id\]",method="GET"\}/);
    expect(after).toMatch(/voicehive_ops_http_requests_total\{route="\/api\/metrics",method="GET",status="200"\} [1-9]/);
    expect(after).not.toContain('call-failures');
    expect(after).not.toContain('metrics-probe-4711');
    // Still protected: without a session or the scrape token, refused.
    expect((await signedOut.get('/api/metrics')).status()).toBe(401);
  } finally {
    await admin.dispose();
    await signedOut.dispose();
  }
});
