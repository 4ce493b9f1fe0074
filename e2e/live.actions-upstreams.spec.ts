import { expect, request as playwrightRequest, test } from '@playwright/test';
import Redis from 'ioredis';
import { ActionDialog } from './pages/action-dialog';
import { SectionPage } from './pages/section-page';
import { storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';

// Remediations that are not Kubernetes calls: a key in the real Redis the stack started (the simulator's
// connectors keep their rate-limit counters there), and the simulator's service admin endpoints.
const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

async function sectionSeverity(id: string): Promise<string> {
  const context = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer') });
  const body = (await (await context.get(`/api/sections/${id}`)).json()) as { status: { severity: string } };
  await context.dispose();
  return body.status.severity;
}

test.describe('remediation through Redis and service admin endpoints', () => {
  test.describe.configure({ mode: 'serial' });
  let redis: Redis;
  test.beforeAll(() => {
    redis = new Redis(process.env.E2E_REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });
  test.afterAll(async () => {
    redis.disconnect();
    await setScenario('healthy');
  });

  test('an operator clears the stuck apaleo rate limit: the key goes from Redis, the run is audited and the section recovers', async ({ browser }, testInfo) => {
    await setScenario('pms-rate-limited');
    await expect.poll(() => sectionSeverity('pms-connection'), { timeout: 60_000 }).toBe('P1');
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('pms-connection');
    const apaleo = page.locator('[data-testid="pms-vendor"][data-vendor="apaleo"]');
    // Stuck at 9000 and still counting the refused calls, never expiring.
    await expect(apaleo.getByTestId('pms-vendor-rate-limit')).toContainText(/ratelimit:apaleo = "9\d{3}", no expiry/);
    await expect(apaleo.getByTestId('pms-vendor-traffic')).toHaveAttribute('data-alarm', 'true');
    // Its health endpoint is fine (our own limiter refuses the calls), yet the tile does not call it up.
    await expect(apaleo).toHaveAttribute('data-state', 'up');
    await expect(apaleo).toHaveAttribute('data-verdict', 'failing');

    const action = new ActionDialog(page);
    await action.button('clear-rate-limit').click();
    await action.dialog().getByLabel('vendor').selectOption('apaleo');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('ratelimit:apaleo');
    await expect(action.dialog().getByTestId('action-diff')).toContainText(/"9\d{3}" \(no expiry\)/);
    await expect(action.dialog().getByTestId('action-diff')).toContainText('(deleted)');
    expect(await redis.ttl('ratelimit:apaleo')).toBe(-1);
    await keepScreenshot(page, testInfo, 'action-preview-redis-del');
    await action.confirm({ reason: 'apaleo limiter key stuck without expiry', label: /delete key/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', /recovered/, { timeout: 90_000 });
    await expect(action.runStatus()).toContainText(/deleted ratelimit:apaleo \(it held "9\d{3}", with no expiry\)/);
    // The simulator's limiter counts again in a fresh window: an expiry, and under the limit.
    expect(Number(await redis.ttl('ratelimit:apaleo'))).toBeGreaterThan(0);
    await expect(apaleo.getByTestId('pms-vendor-rate-limit')).toContainText(/ratelimit:apaleo = "\d+", resets in/);
    await expect(apaleo).toHaveAttribute('data-verdict', 'up');
    await keepScreenshot(page, testInfo, 'action-redis-del-recovered');

    const approver = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('approver') });
    const { records } = (await (await approver.get('/api/audit?action=action.&limit=200')).json()) as { records: { action: string; target: string; outcome: string }[] };
    const forKey = records.filter((r) => r.target === 'Redis key ratelimit:apaleo').map((r) => `${r.action}:${r.outcome}`);
    for (const expected of ['action.preview:success', 'action.execute.start:success', 'action.execute:success']) expect(forKey).toContain(expected);
    await approver.dispose();
    await context.close();
  });

  test('an operator resets the stuck-open breaker through the orchestrator admin endpoint and the section recovers', async ({ browser }, testInfo) => {
    await setScenario('circuit-breaker-open');
    await expect.poll(() => sectionSeverity('circuit-breakers'), { timeout: 60_000 }).toBe('P2');
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('circuit-breakers');
    await expect(page.locator('[data-testid="pms-vendor"]').first().getByTestId('pms-vendor-breaker')).toContainText('pms_connector: open');
    const action = new ActionDialog(page);
    await action.button('reset-circuit-breaker').click();
    await action.dialog().getByLabel('name').selectOption('pms_connector');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('state');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('open');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('closed');
    await keepScreenshot(page, testInfo, 'action-preview-http-post');
    await action.confirm({ label: /send/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', /recovered/, { timeout: 90_000 });
    await expect(action.runStatus()).toContainText('orchestrator answered HTTP 200');
    await expect(page.locator('[data-testid="pms-vendor"]').first().getByTestId('pms-vendor-breaker')).toContainText('pms_connector: closed');
    await context.close();
  });

  test('a viewer cannot preview a Redis action, and an address outside its schema is refused before Redis is touched', async () => {
    const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer') });
    const refused = await viewer.post('/api/actions/preview', { headers: { origin: consoleUrl() }, data: { section: 'rate-limiting', step: 'whitelist-ip', params: { ip: '203.0.113.9' } } });
    expect(refused.status()).toBe(403);
    await viewer.dispose();
    const operator = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('operator') });
    const bad = await operator.post('/api/actions/runs', {
      headers: { origin: consoleUrl() },
      data: { section: 'rate-limiting', step: 'whitelist-ip', params: { ip: '203.0.113.9; FLUSHALL' }, reason: null, idempotencyKey: 'e2e-bad-ip-0000000000000000', version: 'e30' },
    });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { error: { field: string; message: string } }).error).toMatchObject({ field: 'params.ip', message: 'params.ip: must be an IPv4 or IPv6 address' });
    expect(await redis.keys('rate_limit:whitelist:*')).toEqual([]);
    await operator.dispose();
  });
});
