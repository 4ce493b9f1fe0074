import type { Panel } from '@/lib/catalog/schema';
import { Card, CardHeader } from '@/components/ui/card';

/** Kinds the section page does not read live yet (charts, workloads and log tails are wired). */
type UnwiredPanel = Extract<Panel, { kind: 'pms-vendors' }>;

const kindNames: Record<UnwiredPanel['kind'], string> = {
  'pms-vendors': 'PMS vendor health',
};

function describeSource(panel: UnwiredPanel): string {
  switch (panel.kind) {
    case 'pms-vendors':
      return 'every configured vendor health endpoint';
  }
}

function isUnwired(panel: Panel): panel is UnwiredPanel {
  return panel.kind === 'pms-vendors';
}

/**
 * Live views the catalog declares but the console does not read yet: listed honestly with what they
 * will show, rather than drawn as empty or fake panels. The diagnosis commands above cover them meanwhile.
 */
export function UnwiredPanels({ panels }: { panels: Panel[] }) {
  const unwired = panels.filter(isUnwired);
  if (unwired.length === 0) return null;
  return (
    <Card as="section" aria-labelledby="unwired-heading">
      <CardHeader id="unwired-heading" title="Other live views" />
      <ul className="divide-y divide-line">
        {unwired.map((panel) => (
          <li key={panel.id} id={`panel-${panel.id}`} data-panel-kind={panel.kind} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
            <span className="font-medium">{panel.title}</span>
            <span className="text-xs text-muted">{kindNames[panel.kind]} · {describeSource(panel)}</span>
            <span className="ml-auto rounded border border-dashed border-sev-unknown px-1.5 py-0.5 text-xs text-sev-unknown-fg">Live view not connected yet</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
