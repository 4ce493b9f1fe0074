import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { renderAlertRules } from '@/lib/catalog/prometheus-rules';

/**
 * The seed signals added in issue 14 (service down for a minute, a growing queue, a slow average response)
 * proven by Prometheus itself: `promtool test rules` evaluates the generated rules on series written here,
 * not on the simulator's (which was written with the catalog), including the shapes that must stay quiet.
 */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-rule-tests-'));
  fs.writeFileSync(path.join(dir, 'rules.yml'), renderAlertRules(loadCatalog('runbooks'), { window: '5m', consoleUrl: 'https://ops.example' }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs one promtool unit test file; promtool exits non-zero and prints the difference on a mismatch. */
function promtoolTest(name: string, body: string): string {
  const file = path.join(dir, `${name}.yml`);
  fs.writeFileSync(file, `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n${body}`);
  try {
    return execFileSync('promtool', ['test', 'rules', file], { encoding: 'utf8', cwd: dir });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool test rules ${name}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const ns = 'namespace="voicehive"';

describe('new seed signals, judged by promtool on hand-written series', () => {
  it('deployments-down: P0 after a minute at 0 available; a deployment scaled to 0 on purpose stays quiet', () => {
    const out = promtoolTest('deployments-down', `
  - interval: 1m
    input_series:
      - series: 'kube_deployment_spec_replicas{${ns},deployment="orchestrator"}'
        values: '3x10'
      - series: 'kube_deployment_status_replicas_available{${ns},deployment="orchestrator"}'
        values: '3 3 0 0 0 0 0 0 0 0 0'
      - series: 'kube_deployment_spec_replicas{${ns},deployment="batch-export"}'
        values: '0x10'
      - series: 'kube_deployment_status_replicas_available{${ns},deployment="batch-export"}'
        values: '0x10'
    alert_rule_test:
      - eval_time: 2m
        alertname: VoiceHiveErrorRateDeploymentsDownP0
        exp_alerts: []
      - eval_time: 4m
        alertname: VoiceHiveErrorRateDeploymentsDownP0
        exp_alerts:
          - exp_labels: { severity: P0, section: error-rate, deployment: orchestrator }
            exp_annotations:
              summary: "High error rate (API 5xx): a deployment has 0 available replicas for 1 minute"
              description: "Available replicas, per deployment that should have some is 0 (< 1)"
              runbook_url: https://ops.example/runbooks/error-rate
`);
    expect(out).toMatch(/SUCCESS/);
  });

  it('queue-growing: a queue over 100 that keeps growing is P3; a small growing queue and a draining big one are not', () => {
    const out = promtoolTest('queue-growing', `
  - interval: 1m
    input_series:
      - series: 'rabbitmq_queue_messages_ready{${ns},queue="pms-sync"}'
        values: '200+30x15'
      - series: 'rabbitmq_queue_messages_ready{${ns},queue="notifications"}'
        values: '2+5x15'
      - series: 'rabbitmq_queue_messages_ready{${ns},queue="recordings"}'
        values: '900-20x15'
    alert_rule_test:
      - eval_time: 12m
        alertname: VoiceHiveQueueBacklogQueueGrowingP3
        exp_alerts:
          - exp_labels: { severity: P3, section: queue-backlog, queue: pms-sync }
            exp_annotations:
              summary: "Queue backlog: ready messages growing over 10 minutes on a queue holding ≥ 100"
              description: "Ready messages growth per minute, per queue is 30 (> 0)"
              runbook_url: https://ops.example/runbooks/queue-backlog
`);
    expect(out).toMatch(/SUCCESS/);
  });

  it('response-average: P2 when the mean response is over 1.5 s even while the p95 stays under 2 s', () => {
    // 60 responses a minute, all in the 1.75 s bucket: mean 1.75 s, p95 interpolated inside (1.5, 2].
    const out = promtoolTest('response-average', `
  - interval: 1m
    input_series:
      - series: 'voicehive_response_latency_seconds_bucket{${ns},le="1.5"}'
        values: '0x10'
      - series: 'voicehive_response_latency_seconds_bucket{${ns},le="2"}'
        values: '0+60x10'
      - series: 'voicehive_response_latency_seconds_bucket{${ns},le="+Inf"}'
        values: '0+60x10'
      - series: 'voicehive_response_latency_seconds_sum{${ns}}'
        values: '0+105x10'
      - series: 'voicehive_response_latency_seconds_count{${ns}}'
        values: '0+60x10'
    alert_rule_test:
      - eval_time: 8m
        alertname: VoiceHiveVoiceLatencyResponseAverageP2
        exp_alerts:
          - exp_labels: { severity: P2, section: voice-latency }
            exp_annotations:
              summary: "Voice pipeline latency (ASR / LLM / TTS, agent not responding): end-to-end response average > 1.5 s"
              description: "End-to-end response latency, average is 1.75 (> 1.5)"
              runbook_url: https://ops.example/runbooks/voice-latency
      - eval_time: 8m
        alertname: VoiceHiveVoiceLatencyResponseP95P2
        exp_alerts: []
`);
    expect(out).toMatch(/SUCCESS/);
  });
  it('queue-without-consumers: a queue holding messages with 0 consumers is P2; an empty idle queue and a consumed one are not', () => {
    const out = promtoolTest('queue-without-consumers', `
  - interval: 1m
    input_series:
      - series: 'rabbitmq_queue_consumers{${ns},queue="transcripts"}'
        values: '3 3 0 0 0'
      - series: 'rabbitmq_queue_messages_ready{${ns},queue="transcripts"}'
        values: '20 20 25 30 35'
      - series: 'rabbitmq_queue_consumers{${ns},queue="exports"}'
        values: '0x4'
      - series: 'rabbitmq_queue_messages_ready{${ns},queue="exports"}'
        values: '0x4'
      - series: 'rabbitmq_queue_consumers{${ns},queue="calls"}'
        values: '4x4'
      - series: 'rabbitmq_queue_messages_ready{${ns},queue="calls"}'
        values: '500x4'
    alert_rule_test:
      - eval_time: 1m
        alertname: VoiceHiveQueueBacklogQueueWithoutConsumersP2
        exp_alerts: []
      - eval_time: 3m
        alertname: VoiceHiveQueueBacklogQueueWithoutConsumersP2
        exp_alerts:
          - exp_labels: { severity: P2, section: queue-backlog, queue: transcripts }
            exp_annotations:
              summary: "Queue backlog: a queue holds ready messages and has no consumer (workers not processing)"
              description: "Queue holding messages with no consumer, per queue is 1 (== 1)"
              runbook_url: https://ops.example/runbooks/queue-backlog
`);
    expect(out).toMatch(/SUCCESS/);
  });
});
