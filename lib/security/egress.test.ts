import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Threat 9: the egress allowlist covers every outbound path. The console has no generic proxy to an
// allowlist (Grafana's `data_source_proxy_whitelist`): every connection it opens is made by one adapter,
// to an address from the configuration, never from a request. This walks the source so that a new way
// out (a fetch, a socket, a client library) fails here until it is reviewed and listed with its upstream.
const root = path.resolve(__dirname, '../..');
const NETWORK = [/(?<![.\w])fetch\(/, /\bhttps?\.(request|get)\(/, /\bnet\.(connect|createConnection)\(/, /\btls\.connect\(/, /from 'ioredis'/, /from 'openid-client'/, /from '@kubernetes\/client-node'/, /from 'undici'/, /\bdns\.promises\.lookup\(/, /new WebSocket\(/];

/** Every server-side module that opens a connection, and where its address comes from. */
const SERVER_EGRESS: Record<string, string> = {
  'lib/server/prometheus.ts': 'PROMETHEUS_URL',
  'lib/server/alertmanager/http.ts': 'ALERTMANAGER_URL (or PROMETHEUS_URL for its alerts API); redirects not followed',
  'lib/server/kubernetes/request.ts': 'KUBE_API_URL, the kubeconfig or the in-cluster service account; KUBE_NAMESPACES only',
  'lib/server/kubernetes/client.ts': 'the same Kubernetes connection',
  'lib/server/kubernetes/kubeconfig.ts': 'the same Kubernetes connection',
  'lib/server/kubernetes/pod-metrics.ts': 'the same Kubernetes connection',
  'lib/server/pms/probe.ts': 'PMS_HEALTH_URLS; every resolved address checked (lib/pms/address-policy.ts), then pinned; cross-host redirects not followed',
  'lib/server/redis/client.ts': 'REDIS_URL',
  'lib/server/shared-state/link.ts': 'CONSOLE_REDIS_URL (the console\'s own Redis, shared between replicas)',
  'lib/server/services/client.ts': 'SERVICE_ADMIN_URLS (the catalog gives the path); redirects not followed',
  'lib/actions/webhook.ts': 'ACTION_WEBHOOK_URL; redirects refused',
  'lib/server/incidents/webhooks.ts': 'INCIDENT_WEBHOOK_URLS and ESCALATION_WEBHOOK_URLS (configuration, by audience or level name); redirects refused',
  'lib/auth/oidc-discovery.ts': 'OIDC_ISSUER (https, or http on loopback only)',
  'lib/auth/oidc-sign-in.ts': 'OIDC_ISSUER, through openid-client (redirects not followed)',
  'lib/auth/oidc-refusal.ts': "openid-client's error types only (no request)",
};

function listSources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((item) => {
    const relative = path.join(dir, item.name);
    if (item.isDirectory()) return listSources(relative);
    return /\.(ts|tsx|mjs)$/.test(item.name) && !/\.test\.tsx?$/.test(item.name) ? [relative] : [];
  });
}

const sources = [...listSources('app'), ...listSources('lib'), ...listSources('components'), 'proxy.ts', 'server.mjs', 'instrumentation.ts', 'instrumentation-node.ts'];
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
/** A file's code as far as the network goes: type-only imports open nothing. */
const code = (file: string) => read(file).replace(/^import type [^;]*;$/gm, '');
const isBrowserCode = (file: string) => file.startsWith('lib/client/') || /^['"]use client['"]/.test(read(file).trimStart());

describe('threat 9: every outbound path is one of the configured upstreams', () => {
  it('the only server modules that open connections are the reviewed adapters, each to a configured address', () => {
    const found = sources.filter((file) => !isBrowserCode(file) && NETWORK.some((pattern) => pattern.test(code(file))));
    expect(found.sort()).toEqual(Object.keys(SERVER_EGRESS).filter((file) => NETWORK.some((pattern) => pattern.test(code(file)))).sort());
  });

  it('browser code only ever calls the console itself (relative /api/ paths; CSP connect-src \'self\' enforces it too)', () => {
    for (const file of sources.filter(isBrowserCode)) {
      for (const call of read(file).matchAll(/\b(fetch|requestJson)\(([^,)]*)/g)) {
        const target = call[2]!.trim();
        const relative = /^['`]\/(api\/|display|login)/.test(target) || (file === 'lib/client/api.ts' && target === 'path') || /^panelPath\(/.test(target) || target.startsWith('path:');
        expect(relative, `${file}: ${call[0]}`).toBe(true);
      }
    }
  });

  it('no request schema takes a URL, host, endpoint or query for the server to use', () => {
    for (const file of listSources('lib/api')) {
      const source = read(file);
      expect(source, file).not.toMatch(/\b(url|host|hostname|uri|endpoint|baseUrl|promql|expr)\s*:\s*z\./i);
    }
  });
});
