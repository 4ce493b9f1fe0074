// Issue 12.1: a remediation recorded as succeeded must have changed what was approved. Block Suspicious IPs
// writes the addresses asked for; a preview with nothing to change is refused before confirm unless the
// catalog marks the action idempotent by nature (a restart). Against the simulator's Kubernetes double.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CORE, startFlowHarness, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 50 });
});
afterAll(async () => {
  await h?.sim.close();
});

async function confirm(section: string, step: string, params: Record<string, unknown> = {}) {
  const action = h.resolve(section, step, params);
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const requested = h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  requested.catch(() => undefined); // a refusal is awaited by the test that expects it
  return { action, executor, preview, requested };
}

describe('issue 12.1: Block Suspicious IPs blocks the addresses asked for', () => {
  it('previews blocked_ips changing to them, and the ConfigMap holds them after the approved run', async () => {
    const { action, executor, preview, requested } = await confirm('security', 'block-suspicious-ips', { blocked_ips: ['198.51.100.7', '2001:DB8::1'] });
    expect(preview.changes).toEqual([{ path: 'data.blocked_ips', before: '', after: '198.51.100.7,2001:db8::1' }]);
    const { run } = await requested;
    const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
    expect((await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor)).status).toBe('succeeded');
    expect((await h.kube<{ data: Record<string, string> }>(`${CORE}/configmaps/security-config`)).data.blocked_ips).toBe('198.51.100.7,2001:db8::1');
  });
});

describe('issue 12.1: nothing would change', () => {
  it('a ConfigMap already holding the value: the preview says so and the confirm is refused, recording no run', async () => {
    const first = await confirm('rate-limiting', 'increase-rate-limits');
    const { run } = await first.requested;
    expect((await h.flow.executeRun(h.as('olivia', 'operator'), run, first.action, first.executor)).status).toBe('succeeded');
    const again = await confirm('rate-limiting', 'increase-rate-limits');
    expect(again.preview.nothingToChange).toMatch(/^Nothing would change: configmap voicehive\/rate-limit-config already holds what/);
    await expect(again.requested).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^Nothing would change: configmap voicehive\/rate-limit-config/) });
  });

  it('a restart, idempotent by nature, goes ahead even when it would write what is there (a second restart in the same second)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-01T10:00:00.100Z') });
    try {
      const first = await confirm('livekit', 'restart-livekit-agent');
      const { run } = await first.requested;
      expect((await h.flow.executeRun(h.as('olivia', 'operator'), run, first.action, first.executor)).status).toBe('succeeded');
      vi.setSystemTime(Date.parse('2026-12-01T10:00:00.700Z'));
      const second = await confirm('livekit', 'restart-livekit-agent');
      expect(second.preview.changes).toEqual([]);
      expect(second.preview.nothingToChange).toBeNull();
      const { run: again } = await second.requested;
      const done = await h.flow.executeRun(h.as('olivia', 'operator'), again, second.action, second.executor);
      expect(done.status).toBe('succeeded');
      expect(JSON.parse(done.result ?? '{}').message).toMatch(/already restarted at 2026-12-01T10:00:00Z.*no second rollout/);
    } finally {
      vi.useRealTimers();
    }
  });
});
