// The console against an estate it was not written with (test/fixtures/estate-b): exporters with other labels,
// one scraped by a static job, kube-state-metrics without OOM series, a rare-event counter born at 1, and an
// exporter that goes silent. Real Prometheus (Debian's), real queries; nothing here is mocked.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findFreePort, waitUntil } from '@/scripts/stack/processes';
import { startPrometheus } from '@/scripts/stack/prometheus';
import { estateBHistory, estateBScrapeConfigs, estateBSelectorEnv, startEstateB, type EstateB, type EstateBFault } from '../fixtures/estate-b/exporter';
import type { SectionStatus } from '@/lib/severity/section-status';
import { loadCatalog } from '@/lib/catalog/load';
import { renderAlertRules } from '@/lib/catalog/prometheus-rules';
import { getExporterSelectors, parseEnv } from '@/lib/env';

const root = path.resolve(__dirname, '../..');
let estate: EstateB;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

const consoleEnv = { SIGNAL_WINDOW: '15s', HISTORY_LOOKBACK: '10m', HISTORY_STEP: '5s', UPSTREAM_CACHE_TTL_MS: '500', PROMETHEUS_TIMEOUT_MS: '3000', STALE_UNKNOWN_AFTER_MS: '5000' };
const selectorVariables = Object.keys(estateBSelectorEnv);

/** A console process as it starts with this environment: fresh env, catalog and caches. */
async function consoleWith(selectors: Record<string, string> | null) {
  for (const name of selectorVariables) delete process.env[name];
  Object.assign(process.env, { PROMETHEUS_URL: prometheus.url, CATALOG_DIR: path.join(root, 'runbooks'), SEVERITY_TABLE: path.join(root, 'config/severity.yaml'), ...consoleEnv, ...selectors });
  const holder = globalThis as Record<string, unknown>;
  for (const key of ['__voicehiveOpsCatalog', '__voicehiveOpsPrometheus', '__voicehiveOpsLastGood']) delete holder[key];
  vi.resetModules();
  const service = await import('@/lib/server/section-status-service');
  return { evaluate: () => service.evaluateAllSections() };
}

async function evaluateUntil(console_: { evaluate(): Promise<SectionStatus[]> }, done: (byId: Map<string, SectionStatus>) => boolean, what: string) {
  let last = new Map<string, SectionStatus>();
  await waitUntil(
    async () => {
      last = new Map((await console_.evaluate()).map((s) => [s.id, s]));
      return done(last);
    },
    what,
    60_000,
    1_000,
  ).catch((error: Error) => {
    const summary = [...last.values()].map((s) => `${s.id}=${s.severity}${s.error ? ` (${s.error})` : ''}: ${s.signals.filter((g) => g.severity !== 'ok').map((g) => `${g.id} ${g.severity} ${g.reason ?? ''}`).join('; ')}`);
    throw new Error(`${error.message}\n${summary.join('\n')}`);
  });
  return last;
}

const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const signal = (status: SectionStatus | undefined, id: string) => status?.signals.find((s) => s.id === id);

async function setFaults(faults: EstateBFault[]) {
  estate.setFaults(faults);
}

beforeAll(async () => {
  estate = await startEstateB();
  prometheus = await startPrometheus({
    simUrl: estate.url,
    scrapeConfigs: estateBScrapeConfigs(estate.url),
    port: await findFreePort(),
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    logDir: path.join(root, 'test-results', 'estate-b-logs'),
    history: estateBHistory(),
    // The alerting rules `npm run rules` writes with this estate's EXPORTER_SELECTOR_* settings.
    rules: renderAlertRules(loadCatalog(path.join(root, 'runbooks')), { window: consoleEnv.SIGNAL_WINDOW, consoleUrl: 'https://ops.example', selectors: getExporterSelectors(parseEnv(estateBSelectorEnv)) }),
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await estate?.close();
});

describe('an estate whose exporters carry other labels, with the selectors configured for it', () => {
  it('judges a healthy estate: every section ok', async () => {
    await setFaults([]);
    const console_ = await consoleWith(estateBSelectorEnv);
    const byId = await evaluateUntil(console_, (m) => m.size > 0 && [...m.values()].every((s) => s.severity === 'ok'), 'every section ok');
    expect(byId.size).toBe(19);
    // The generated rules read the same series: every one loads and evaluates, and none fires.
    const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()).data.groups.flatMap((g: { rules: { name: string; health: string; state: string }[] }) => g.rules);
    expect(rules.length).toBeGreaterThan(30);
    expect(rules.filter((r: { health: string }) => r.health !== 'ok')).toEqual([]);
    expect(rules.filter((r: { state: string }) => r.state !== 'inactive').map((r: { name: string }) => r.name)).toEqual([]);
    // kube-state-metrics exports no OOM series at all: that is "nothing happened", said so, while it reports.
    expect(signal(byId.get('memory-cpu'), 'oom-killed-15m')).toMatchObject({ severity: 'ok', note: expect.stringContaining('kube-state-metrics is reporting') });
    expect(signal(byId.get('gdpr'), 'pii-detections-1h')).toMatchObject({ severity: 'ok', note: expect.stringContaining('the VoiceHive services is reporting') });
  });

  it.each([
    { fault: 'postgres-down' as const, section: 'database', severity: 'P0', signalId: 'pg-up' },
    { fault: 'disk-critical' as const, section: 'disk', severity: 'P1', signalId: 'free-space-ratio' },
    { fault: 'gpu-hot' as const, section: 'voice-latency', severity: 'P3', signalId: 'riva-gpu-utilisation' },
  ])('judges $fault at the contract’s severity ($severity on $section)', async ({ fault, section, severity, signalId }) => {
    await setFaults([fault]);
    const console_ = await consoleWith(estateBSelectorEnv);
    const byId = await evaluateUntil(console_, (m) => m.get(section)?.severity === severity, `${section} ${severity}`);
    expect(signal(byId.get(section), signalId)?.severity).toBe(severity);
    // The generated alerting rule for the same signal fires in Prometheus too.
    const alertName = `VoiceHive${pascal(section)}${pascal(signalId)}${severity}`;
    await waitUntil(async () => JSON.stringify(await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()).includes(alertName), `${alertName} active in Prometheus`, 20_000);
    await setFaults([]);
  });

  it('sees a rare-event counter whose first sample is already 1 (the first PII detection): P2', async () => {
    // Plain increase() over the hour cannot see a series born at 1: it is the reason the catalog counts new series from zero.
    await setFaults(['pii-first-detection']);
    const console_ = await consoleWith(estateBSelectorEnv);
    const byId = await evaluateUntil(console_, (m) => m.get('gdpr')?.severity === 'P2', 'gdpr P2');
    expect(signal(byId.get('gdpr'), 'pii-detections-1h')).toMatchObject({ severity: 'P2', value: 1 });
    const plain = await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('sum(increase(voicehive_pii_detections_total[1h]))')}`)).json();
    expect(Number(plain.data.result[0]?.value[1] ?? 0)).toBe(0);
    await setFaults([]);
  });

  it('sees a container OOMKilled before its first scrape (a restart counter born at 1): P2', async () => {
    await setFaults(['oom-new-pod']);
    const console_ = await consoleWith(estateBSelectorEnv);
    const byId = await evaluateUntil(console_, (m) => m.get('memory-cpu')?.severity === 'P2', 'memory-cpu P2');
    expect(signal(byId.get('memory-cpu'), 'oom-killed-15m')).toMatchObject({ severity: 'P2', value: 1 });
    await setFaults([]);
  });

  it('names an exporter that is scraped but exports none of its series (a metric missing entirely)', async () => {
    await setFaults(['rabbitmq-metrics-gone']);
    const console_ = await consoleWith(estateBSelectorEnv);
    const byId = await evaluateUntil(console_, (m) => m.get('queue-backlog')?.severity === 'unknown', 'queue-backlog unknown');
    expect(signal(byId.get('queue-backlog'), 'queue-ready')?.reason).toBe('no rabbitmq_queue_messages_ready series at all: is the RabbitMQ exporter scraped by this Prometheus?');
    await setFaults([]);
  });

  it('says the exporter’s scrape target is down (not "is it scraped?") when its scrape fails, naming the target', async () => {
    await setFaults(['rabbitmq-unreachable']);
    const console_ = await consoleWith(estateBSelectorEnv);
    const byId = await evaluateUntil(console_, (m) => /Prometheus cannot scrape/.test(signal(m.get('queue-backlog'), 'queue-ready')?.reason ?? ''), 'queue-ready names the down target');
    expect(byId.get('queue-backlog')?.severity).toBe('unknown');
    expect(signal(byId.get('queue-backlog'), 'queue-ready')?.reason).toMatch(/^no rabbitmq_queue_messages_ready series now: Prometheus cannot scrape the RabbitMQ exporter \(up == 0 for \{instance="127\.0\.0\.1:\d+", job="rabbitmq"\}\)$/);
    const { out } = await checkEstateCli(estateBSelectorEnv);
    expect(out).toMatch(/rabbitmq_queue_messages_ready\s+rabbitmq\s+TARGET DOWN: no rabbitmq_queue_messages_ready series now: Prometheus cannot scrape the RabbitMQ exporter/);
    // The monitoring section counts the down target too: the tests after this one start from a healthy estate again.
    await setFaults([]);
    await evaluateUntil(console_, (m) => m.get('monitoring')?.severity === 'ok' && m.get('queue-backlog')?.severity === 'ok', 'the scrape back: monitoring and queue-backlog ok');
  });
});

describe('TLS certificates (issue 19, contract/metrics-additions.md) on this estate', () => {
  it('lists the certificates of its own endpoints only, picked by EXPORTER_SELECTOR_BLACKBOX, soonest first', async () => {
    await consoleWith(estateBSelectorEnv);
    const { readCertificates } = await import('@/lib/server/rotations/service');
    const { getPrometheus } = await import('@/lib/server/prometheus-instance');
    let answer: Awaited<ReturnType<typeof readCertificates>> | undefined;
    await waitUntil(async () => ((answer = await readCertificates(getPrometheus(), Date.now(), 14 * 86_400_000)).certificates.length ?? 0) >= 2, 'the edge certificates to be read', 30_000, 500);
    expect(answer!.error).toBeNull();
    expect(answer!.certificates.map((c) => [c.instance, c.state])).toEqual([['https://voice.hotel-b.example', 'due'], ['https://api.hotel-b.example', 'ok']]);
  });

  it('with the default selector (nothing configured) lists every probed endpoint, the partner’s too', async () => {
    await consoleWith(null);
    const { readCertificates } = await import('@/lib/server/rotations/service');
    const { getPrometheus } = await import('@/lib/server/prometheus-instance');
    const answer = await readCertificates(getPrometheus(), Date.now(), 14 * 86_400_000);
    expect(answer.certificates.map((c) => c.instance)).toEqual(['https://api.pms-vendor.example', 'https://voice.hotel-b.example', 'https://api.hotel-b.example']);
  });
});

describe('the same estate with the contract’s default selectors (nothing configured)', () => {
  it('says which exporter exists with other labels, which labels, and which setting to change', async () => {
    await setFaults([]);
    const console_ = await consoleWith(null);
    const byId = await evaluateUntil(console_, (m) => m.get('database')?.severity === 'unknown' && m.get('redis')?.severity === 'unknown', 'database and redis unknown');
    expect(signal(byId.get('database'), 'pg-up')?.reason).toBe(
      'pg_up exists, but not with {namespace="voicehive"}: found {job="managed-pg", namespace="monitoring"}. Set EXPORTER_SELECTOR_POSTGRES to the labels that select the postgres exporter',
    );
    expect(signal(byId.get('redis'), 'redis-up')?.reason).toBe('redis_up exists, but not with {namespace="voicehive"}: found {job="redis-static"}. Set EXPORTER_SELECTOR_REDIS to the labels that select the redis exporter');
    expect(signal(byId.get('voice-latency'), 'riva-gpu-utilisation')?.reason).toMatch(/^DCGM_FI_DEV_GPU_UTIL exists, but not with \{namespace="voicehive"\}: found \{job="dcgm"\}\. Set EXPORTER_SELECTOR_DCGM/);
    expect(signal(byId.get('call-failures'), 'call-success-ratio')?.reason).toMatch(/^voicehive_calls_total exists, but not with \{namespace="voicehive"\}: found \{job="voicehive-services", kubernetes_namespace="vh-prod"\}\. Set EXPORTER_SELECTOR_VOICEHIVE/);
    // "Nothing happened" needs the exporter's proof of life, which the default labels do not find.
    expect(signal(byId.get('memory-cpu'), 'oom-killed-15m')?.reason).toMatch(/^cannot tell that nothing happened: kube_deployment_spec_replicas exists, but not with \{namespace="voicehive"\}: found \{job="kube-state-metrics", namespace="vh-prod"\}/);
    // Families whose defaults fit (no namespace) are judged as usual.
    expect(byId.get('disk')?.severity).toBe('ok');
    expect(byId.get('dns')?.severity).toBe('ok');
    expect(byId.get('monitoring')?.severity).toBe('ok');
  });
});

/** `npm run ops -- check-estate` as the person installing the console runs it. */
async function checkEstateCli(selectors: Record<string, string> | null): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PROMETHEUS_URL: prometheus.url };
  for (const name of selectorVariables) delete env[name];
  Object.assign(env, selectors);
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/ops.ts', 'check-estate'], { cwd: root, env });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('npm run ops -- check-estate on this estate', () => {
  it('with its selectors: every section can be judged; the series that exist only when something happens are absent', async () => {
    await setFaults([]);
    const { code, out } = await checkEstateCli(estateBSelectorEnv);
    expect(out).toMatch(/pg_up\s+postgres\s+found \(1 series\)/);
    expect(out).toMatch(/kube_pod_container_status_last_terminated_reason\s+kube_state_metrics\s+ABSENT: no kube_pod_container_status_last_terminated_reason series at all/);
    expect(out).toContain('19 of 19 sections can be judged.');
    expect(code).toBe(0);
  });

  it('without them: names each mismatch, the labels found and the setting, and exits 1', async () => {
    const { code, out } = await checkEstateCli(null);
    expect(out).toMatch(/pg_up\s+postgres\s+OTHER LABELS: pg_up exists, but not with \{namespace="voicehive"\}: found \{job="managed-pg", namespace="monitoring"\}\. Set EXPORTER_SELECTOR_POSTGRES/);
    expect(out).toMatch(/redis_up\s+redis\s+OTHER LABELS: .*found \{job="redis-static"\}\. Set EXPORTER_SELECTOR_REDIS/);
    expect(out).toMatch(/database\s+CANNOT BE JUDGED\n\s+- pg-up: pg_up exists, but not with/);
    expect(out).toMatch(/disk\s+can be judged/);
    expect(code).toBe(1);
  });
});
