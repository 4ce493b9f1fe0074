import { can, roleOrder, type PrincipalRole } from '@/lib/auth/permissions';
import type { Panel } from '@/lib/catalog/schema';
import { LogTailPanel, type LogAccess } from './log-tail-panel';
import { WorkloadsPanel } from './workloads-panel';

type KubernetesPanel = Extract<Panel, { kind: 'workloads' | 'logs' }>;

export function isKubernetesPanel(panel: Panel): panel is KubernetesPanel {
  return panel.kind === 'workloads' || panel.kind === 'logs';
}

/** Asks the permission table, so the note names whichever role the table says (today: operator). */
function decideLogAccess(role: PrincipalRole): LogAccess {
  return { allowed: can(role, 'logs.read'), neededRole: roleOrder.find((r) => can(r, 'logs.read')) ?? 'admin' };
}

/** The section's workloads and log panels, live, in catalog order. */
export function KubernetesPanels({ sectionId, panels, pollMs, role }: { sectionId: string; panels: Panel[]; pollMs: number; role: PrincipalRole }) {
  const live = panels.filter(isKubernetesPanel);
  if (live.length === 0) return null;
  const logAccess = decideLogAccess(role);
  return (
    <section aria-labelledby="kubernetes-heading" className="space-y-2">
      <h2 id="kubernetes-heading" className="text-sm font-semibold tracking-wide">Workloads and logs</h2>
      <div className="space-y-3">
        {live.map((panel) =>
          panel.kind === 'workloads' ? (
            <WorkloadsPanel key={panel.id} sectionId={sectionId} panel={panel} pollMs={pollMs} />
          ) : (
            <LogTailPanel key={panel.id} sectionId={sectionId} panel={panel} pollMs={pollMs} access={logAccess} />
          ),
        )}
      </div>
    </section>
  );
}
