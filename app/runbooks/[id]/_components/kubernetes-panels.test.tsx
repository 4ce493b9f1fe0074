import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { WorkloadPod } from '@/lib/api/workloads-types';
import type { PrincipalRole } from '@/lib/auth/permissions';
import { panelSchema, type Panel } from '@/lib/catalog/schema';
import { DeploymentTable } from './deployment-table';
import { KubernetesPanels } from './kubernetes-panels';
import { PodTable } from './pod-table';
import { PmsVendorsPanel } from './pms-vendors-panel';

// Server HTML only (no DOM library here): which panels are live, who is told what, and how OOMKilled reads.
const panels: Panel[] = [
  panelSchema.parse({ kind: 'workloads', id: 'media-workloads', title: 'Media agents', selector: 'app=media-agent' }),
  panelSchema.parse({ kind: 'logs', id: 'orchestrator-errors', title: 'Orchestrator errors', selector: 'app=orchestrator', filter: 'ERROR' }),
  panelSchema.parse({ kind: 'pms-vendors', id: 'vendors', title: 'PMS vendors' }),
];

function render(role: PrincipalRole) {
  const client = new QueryClient({ defaultOptions: { queries: { enabled: false } } });
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <KubernetesPanels sectionId="call-failures" panels={panels} pollMs={10_000} role={role} />
      <PmsVendorsPanel sectionId="pms-connection" panel={panels[2] as Extract<Panel, { kind: 'pms-vendors' }>} pollMs={10_000} />
    </QueryClientProvider>,
  );
}

const pod = (name: string, oomKilled: boolean): WorkloadPod => ({
  name, phase: 'Running', status: oomKilled ? 'CrashLoopBackOff' : 'Running', ready: oomKilled ? '0/1' : '1/1', restarts: oomKilled ? 3 : 0,
  lastTerminationReason: oomKilled ? 'OOMKilled' : null, oomKilled, createdAt: null, ageSeconds: 60, node: 'node-1', deployment: 'media-agent',
  cpuMillicores: 120, memoryBytes: 256 * 1024 * 1024,
});

describe('KubernetesPanels', () => {
  it('draws workloads, log and PMS vendor panels live: nothing is left "not connected"', () => {
    const html = render('operator');
    expect(html).toContain('data-testid="workloads-panel"');
    expect(html).toMatch(/data-testid="log-panel"[^>]*data-access="allowed"/);
    expect(html).toContain('/ERROR/i');
    expect(html).toContain('data-testid="pms-vendors-panel"');
    expect(html).not.toContain('Other live views');
  });

  it('tells a viewer which role log tails need, from the permission table', () => {
    const html = render('viewer');
    expect(html).toMatch(/data-testid="log-panel"[^>]*data-access="denied"/);
    expect(html).toContain('Log tails need the operator role');
    expect(html).toContain('data-testid="workloads-panel"');
  });
});

describe('PodTable and DeploymentTable', () => {
  it('marks an OOMKilled pod with a word and a shape, and shows usage when it is served', () => {
    const html = renderToStaticMarkup(<PodTable pods={[pod('media-agent-abc-1', true), pod('media-agent-abc-2', false)]} metrics={{ available: true, sampledAt: null }} selector="app=media-agent" />);
    expect(html).toMatch(/data-name="media-agent-abc-1"[^>]*data-oom="true"/);
    expect(html).toMatch(/data-name="media-agent-abc-2"[^>]*data-oom="false"/);
    expect(html).toContain('◆</span>OOMKilled');
    expect(html).toContain('120m');
    expect(html).toContain('256 MiB');
  });

  it('says usage is not available when the cluster does not serve metrics.k8s.io, instead of drawing empty columns', () => {
    const reason = 'metrics.k8s.io is not served by this cluster (no metrics-server?) (HTTP 404)';
    const html = renderToStaticMarkup(<PodTable pods={[pod('media-agent-abc-1', false)]} metrics={{ available: false, state: 'absent', reason }} selector="app=media-agent" />);
    expect(html).toContain(`CPU and memory: not available in this cluster — ${reason}`);
    expect(html).toContain('data-metrics-state="absent"');
    expect(html).not.toContain('>Memory<');
  });

  it('says usage is unknown, as a failure, when metrics.k8s.io is down or cannot be read: not zero, not absent', () => {
    const reason = 'metrics.k8s.io is registered but not answering (HTTP 503: service unavailable)';
    const down = renderToStaticMarkup(<PodTable pods={[pod('media-agent-abc-1', false)]} metrics={{ available: false, state: 'down', reason }} selector="app=media-agent" />);
    expect(down).toContain(`CPU and memory: unknown — the metrics API is down: ${reason}`);
    expect(down).toContain('data-metrics-state="down"');
    expect(down).toContain('role="status"');
    expect(down).not.toMatch(/>0(m| B| MiB)</);
    const error = renderToStaticMarkup(<PodTable pods={[pod('media-agent-abc-1', false)]} metrics={{ available: false, state: 'error', reason: 'pod metrics: no answer within 5000 ms' }} selector="app=media-agent" />);
    expect(error).toContain('CPU and memory: unknown — pod metrics: no answer within 5000 ms');
    expect(error).toContain('data-metrics-state="error"');
  });

  it('gives the rollout state as a shape and a word', () => {
    const html = renderToStaticMarkup(
      <DeploymentTable
        selector="app=media-agent"
        deployments={[{ name: 'media-agent', namespace: 'voicehive', desired: 3, updated: 3, ready: 2, available: 2, generation: 4, observedGeneration: 4, rolloutStatus: 'progressing', rolloutReason: '2 of 3 updated replicas are available' }]}
      />,
    );
    expect(html).toMatch(/data-testid="deployment-row" data-name="media-agent" data-rollout="progressing"/);
    expect(html).toContain('↻ </span>progressing');
    expect(html).toContain('2 of 3 updated replicas are available');
  });
});
