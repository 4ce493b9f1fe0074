// Issue 13.3 (threat 18): a paused Deployment. `kubectl rollout restart` refuses it ("can't restart paused
// deployment (run rollout resume first)"), `kubectl rollout undo` too; a scale is made but rolls nothing.
// The console refuses in the preview with kubectl's reason, and warns for a scale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, startFlowHarness, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 40 });
  await h.kube(`${APPS}/deployments/media-agent`, { method: 'PATCH', body: { spec: { paused: true } } });
});
afterAll(async () => {
  await h?.sim.close();
});

const preview = (section: string, step: string, params: Record<string, unknown> = {}) => {
  const action = h.resolve(section, step, params);
  return h.flow.previewAction(h.as('olivia', 'operator'), action, h.getExecutor(action.action.kind));
};
const generation = async () => (await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/media-agent`)).metadata.generation;

describe('issue 13.3: a paused deployment', () => {
  it('a restart is refused in the preview with kubectl\'s reason, and nothing is written', async () => {
    const before = await generation();
    await expect(preview('call-failures', 'restart-media-agents')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining("deployment voicehive/media-agent is paused: can't restart paused deployment (run rollout resume first)") });
    expect(await generation()).toBe(before);
  });

  it('an undo is refused in the preview with kubectl\'s reason', async () => {
    await expect(preview('error-rate', 'emergency-rollback', { deployment: 'media-agent' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"),
    });
  });

  it('a scale is previewed with a warning that the deployment is paused', async () => {
    const shown = await preview('voice-latency', 'scale-up-resources', { replicas: 5 });
    expect(shown.warnings.join(' ')).toMatch(/media-agent is paused/);
  });
});
