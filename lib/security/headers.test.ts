import { describe, expect, it } from 'vitest';
import { buildSecurityHeaders } from './headers';

// Issue 12, point 4: what every page and route answers with. The browser test (e2e/live.security-headers.spec.ts)
// checks them on the running console and that no page breaks under them; this checks each setting's variants.
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('buildSecurityHeaders', () => {
  it('a page: a strict CSP with this request’s nonce for scripts, and no inline script without it', () => {
    const headers = buildSecurityHeaders({ kind: 'page', nonce: 'abc123', consoleUrl: 'http://127.0.0.1:3000', dev: false });
    const csp = directives(headers['Content-Security-Policy']);
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    // <style> elements need the nonce too; style attributes (React's style props: charts, the NOC grid) are allowed.
    expect(csp.get('style-src')).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(headers).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'Cross-Origin-Opener-Policy': 'same-origin' });
    expect(headers['Permissions-Policy']).toMatch(/^camera=\(\), microphone=\(\), geolocation=\(\)/);
  });

  it('a route handler (JSON): nothing may load or frame it', () => {
    const csp = directives(buildSecurityHeaders({ kind: 'api', nonce: null, consoleUrl: 'http://127.0.0.1:3000', dev: false })['Content-Security-Policy']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('HSTS (and upgrading insecure requests) only when CONSOLE_URL is https', () => {
    const https = buildSecurityHeaders({ kind: 'page', nonce: 'n', consoleUrl: 'https://ops.voicehive.example', dev: false });
    expect(https['Strict-Transport-Security']).toBe('max-age=31536000');
    expect(https['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    const http = buildSecurityHeaders({ kind: 'page', nonce: 'n', consoleUrl: 'http://127.0.0.1:3000', dev: false });
    expect(http).not.toHaveProperty('Strict-Transport-Security');
    expect(http['Content-Security-Policy']).not.toContain('upgrade-insecure-requests');
  });

  it('development adds only what React needs there (eval for its error stacks)', () => {
    const csp = directives(buildSecurityHeaders({ kind: 'page', nonce: 'n', consoleUrl: 'http://127.0.0.1:3000', dev: true })['Content-Security-Policy']);
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
  });
});
