// Requests are counted by the route pattern they match, never by their URL: the label set stays bounded
// whatever ids, tokens or garbage clients send. The patterns here are the app's own (read from app/ as
// the access test reads them; the server reads the same list from the build's manifest).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPages, listRouteHandlers } from '@/e2e/support/route-inventory';
import { compileRoutes, installRequestObserver, loadRoutePatterns, UNMATCHED_ROUTE } from './http-metrics';
import { getConsoleMetrics } from './console-metrics';

const appDir = path.resolve(__dirname, '../../app');
const patterns = [...new Set([...listRouteHandlers(appDir).map((r) => r.route), ...listPages(appDir)])];
const routeOf = compileRoutes(patterns);

describe('the route label', () => {
  it('is the pattern of the route a path matches, static routes before dynamic ones', () => {
    expect(routeOf('/api/sections/call-failures')).toBe('/api/sections/[id]');
    expect(routeOf('/api/actions/runs')).toBe('/api/actions/runs');
    expect(routeOf('/api/actions/runs/0b7c9e1a-1234/decision')).toBe('/api/actions/runs/[id]/decision');
    expect(routeOf('/api/actions/preview')).toBe('/api/actions/preview');
    expect(routeOf('/api/metrics')).toBe('/api/metrics');
    expect(routeOf('/')).toBe('/');
  });

  it('is bounded: unknown paths, ids in unknown places and static files collapse to a few values', () => {
    expect(routeOf('/wp-login.php')).toBe(UNMATCHED_ROUTE);
    expect(routeOf('/api/sections/a/b/c/d/e/f')).toBe(UNMATCHED_ROUTE);
    expect(routeOf('/_next/static/chunks/abc123.js')).toBe('/_next/static');
    expect(routeOf('/_next/image')).toBe('/_next/image');
    const seen = new Set(Array.from({ length: 500 }, (_, i) => routeOf(`/api/sections/s${i}`)).concat(Array.from({ length: 500 }, (_, i) => routeOf(`/x${i}`))));
    expect([...seen].sort()).toEqual(['/api/sections/[id]', UNMATCHED_ROUTE]);
  });

  it('handles catch-all and optional catch-all segments', () => {
    const r = compileRoutes(['/docs/[...slug]', '/shop/[[...slug]]', '/docs/intro']);
    expect(r('/docs/intro')).toBe('/docs/intro');
    expect(r('/docs/a/b')).toBe('/docs/[...slug]');
    expect(r('/docs')).toBe(UNMATCHED_ROUTE);
    expect(r('/shop')).toBe('/shop/[[...slug]]');
    expect(r('/shop/x/y')).toBe('/shop/[[...slug]]');
  });
});

describe('the observer server.mjs calls', () => {
  it('counts by route, method and status, the query string and garbage methods left out', async () => {
    const observe = installRequestObserver(patterns);
    expect((globalThis as { __voicehiveObserveRequest?: unknown }).__voicehiveObserveRequest).toBe(observe);
    observe('GET', '/api/sections/dns?token=secret-value', 200, 0.02);
    observe('GET', '/api/sections/payments', 200, 0.03);
    observe('BREW', '/nothing-here', 404, 0.001);
    const text = await getConsoleMetrics().registry.metrics();
    expect(text).toContain('voicehive_ops_http_requests_total{route="/api/sections/[id]",method="GET",status="200"} 2');
    expect(text).toContain('voicehive_ops_http_requests_total{route="unmatched",method="OTHER",status="404"} 1');
    expect(text).toMatch(/voicehive_ops_http_request_duration_seconds_count\{route="\/api\/sections\/\[id\]",method="GET"\} 2/);
    expect(text).not.toContain('secret-value');
    expect(text).not.toContain('/api/sections/dns');
  });

  it('reads the patterns from a build (app-path-routes-manifest.json) and public/, and is empty without one', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'routes-'));
    try {
      expect(loadRoutePatterns(root)).toEqual([]);
      fs.mkdirSync(path.join(root, '.next'));
      fs.mkdirSync(path.join(root, 'public', 'icons'), { recursive: true });
      fs.writeFileSync(path.join(root, '.next', 'app-path-routes-manifest.json'), JSON.stringify({ '/api/sections/[id]/route': '/api/sections/[id]', '/(overview)/page': '/' }));
      fs.writeFileSync(path.join(root, 'public', 'icons', 'a.png'), '');
      expect(loadRoutePatterns(root).sort()).toEqual(['/', '/api/sections/[id]', '/icons/a.png']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
