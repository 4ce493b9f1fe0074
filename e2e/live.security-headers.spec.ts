// Issue 12, point 4: security headers on every page and route, a strict Content-Security-Policy with
// per-request nonces for Next.js's scripts, and a console that another origin cannot frame.
// The framing page is served by this test on another loopback port: a same-site sibling origin, so the
// browser even sends the approver's SameSite=Lax cookie into the frame (the clickjacking case of the issue).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import type { PrincipalRole } from '../lib/auth/permissions';
import { storageStatePath } from './support/accounts';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

function parseCsp(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** Every kind of page, as whom to open it, and something that shows it rendered and hydrated. */
const pageKinds: { path: string; as: PrincipalRole | 'anonymous'; ready: (page: Page) => Promise<void> }[] = [
  { path: '/', as: 'viewer', ready: (p) => expect(p.getByTestId('section-tile').first()).toBeVisible() },
  { path: '/runbooks/call-failures', as: 'operator', ready: (p) => expect(p.locator('.recharts-surface').first()).toBeVisible() },
  { path: '/noc', as: 'viewer', ready: (p) => expect(p.getByTestId('noc-tile').first()).toBeVisible() },
  { path: '/approvals', as: 'approver', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/audit', as: 'approver', ready: (p) => expect(p.getByTestId('chain-status')).toBeVisible() },
  { path: '/admin/tokens', as: 'admin', ready: (p) => expect(p.getByLabel('Screen name')).toBeVisible() },
  { path: '/admin/users', as: 'admin', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/login', as: 'anonymous', ready: (p) => expect(p.getByLabel('Password')).toBeVisible() },
  { path: '/login/refused', as: 'anonymous', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/display', as: 'anonymous', ready: (p) => expect(p.getByText('This address has no display token')).toBeVisible() },
  { path: '/display/revoked', as: 'anonymous', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/audit', as: 'viewer', ready: (p) => expect(p.getByText('Not allowed for your role')).toBeVisible() },
  { path: '/runbooks/no-such-section', as: 'viewer', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
];
const stateFor = (as: PrincipalRole | 'anonymous') => (as === 'anonymous' ? { cookies: [], origins: [] } : storageStatePath(as));

test.describe('threat 29 / issue 12 point 4: security headers', () => {
  test('every page kind and every kind of route answers with a strict CSP (a fresh nonce each time) and the other headers', async ({ request }) => {
    const nonces = new Set<string>();
    const paths = ['/', '/runbooks/redis', '/noc', '/login', '/display', '/no-such-page', '/api/health', '/api/sections', '/api/auth/me', '/api/no-such-route'];
    for (const path of paths) {
      for (let i = 0; i < 2; i++) {
        const response = await request.get(`${consoleUrl()}${path}`, { maxRedirects: 0 });
        const headers = response.headers();
        const where = `${path}: ${JSON.stringify(headers)}`;
        const csp = parseCsp(headers['content-security-policy']);
        expect(csp.get('frame-ancestors'), where).toEqual(["'none'"]);
        expect(headers['x-frame-options'], where).toBe('DENY');
        expect(headers['x-content-type-options'], where).toBe('nosniff');
        expect(headers['referrer-policy'], where).toBe('same-origin');
        expect(headers['permissions-policy'], where).toMatch(/camera=\(\)/);
        // CONSOLE_URL is http on loopback here: HSTS would be wrong (lib/security/headers.test.ts checks https).
        expect(headers['strict-transport-security'], where).toBeUndefined();
        if (path.startsWith('/api/')) {
          expect(csp.get('default-src'), where).toEqual(["'none'"]);
          continue;
        }
        const scripts = csp.get('script-src') ?? [];
        const nonce = scripts.find((s) => s.startsWith("'nonce-"));
        expect(nonce, where).toBeDefined();
        nonces.add(nonce!);
        expect(scripts, where).not.toContain("'unsafe-inline'");
        expect(scripts, where).not.toContain("'unsafe-eval'");
        expect(csp.get('connect-src'), where).toEqual(["'self'"]);
        expect(csp.get('object-src'), where).toEqual(["'none'"]);
        expect(csp.get('base-uri'), where).toEqual(["'none'"]);
        // Every script tag Next.js wrote carries this response's nonce.
        const html = await response.text();
        const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(tags.length, where).toBeGreaterThan(0);
        for (const tag of tags) expect(tag, where).toContain(`nonce="${nonce!.slice(7, -1)}"`);
      }
    }
    expect(nonces.size, 'a nonce is never reused').toBe(2 * paths.filter((p) => !p.startsWith('/api/')).length);
  });
});

test.describe('issue 12 point 4: no page can be framed by another origin', () => {
  let framer: http.Server;
  let framerUrl: string;
  test.beforeAll(async () => {
    framer = http.createServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '/';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>sibling</title><h1>Win a prize</h1><iframe id="victim" src="${consoleUrl()}${target}" width="1200" height="800"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => framer.close(resolve));
  });

  for (const target of ['/approvals', '/login', '/admin/tokens']) {
    test(`a page on another origin framing ${target} gets nothing of it`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: storageStatePath('admin') });
      const page = await context.newPage();
      const answered = page.waitForResponse((r) => r.url() === `${consoleUrl()}${target}`);
      await page.goto(`${framerUrl}/?target=${encodeURIComponent(target)}`);
      await expect(page.getByRole('heading', { name: 'Win a prize' })).toBeVisible();
      // The console did answer the frame's request (with the admin's cookie: a same-site sibling; /login sends them on to /)…
      expect([200, 307]).toContain((await answered).status());
      // …but the browser shows its own error page in the frame, not the console.
      const frame = await (await page.locator('#victim').elementHandle())!.contentFrame();
      await expect.poll(() => frame!.url(), { timeout: 10_000 }).toMatch(/^chrome-error:/);
      expect(await frame!.evaluate(() => document.body?.innerText ?? '').catch(() => '')).not.toMatch(/VoiceHive|Approvals|Sign in|Display tokens/);
      await context.close();
    });
  }
});

test.describe('issue 12 point 4: no page logs a CSP violation', () => {
  for (const kind of pageKinds) {
    test(`${kind.path} as ${kind.as}: rendered, hydrated, no violation`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: stateFor(kind.as) });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to (load|execute|apply|connect)/i.test(message.text())) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { __violations: string[] }).__violations ??= [];
          (window as unknown as { __violations: string[] }).__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      const response = await page.goto(`${consoleUrl()}${kind.path}`);
      expect(response?.headers()['content-security-policy'], 'the page is under a CSP').toBeTruthy();
      await kind.ready(page);
      // Hydrated: React's flight data was pushed by the (nonce'd) inline scripts and the page answers clicks.
      await expect.poll(() => page.evaluate(() => Array.isArray((window as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true);
      await page.waitForLoadState('networkidle'); // the first live requests (and charts) have run
      const seen = await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
      expect([...seen, ...violations]).toEqual([]);
      await context.close();
    });
  }
});
