import type { DeploymentView } from '@/lib/kubernetes/views';
import { describeGeneration, rolloutStyles } from '@/lib/client/workloads-format';

const th = 'px-2 py-1.5 font-medium first:pl-4 last:pr-4';
const td = 'px-2 py-1.5 align-top first:pl-4 last:pr-4';

/** What `kubectl get deployments` and `kubectl rollout status` would say, for each matching deployment. */
export function DeploymentTable({ deployments, selector }: { deployments: DeploymentView[]; selector: string }) {
  if (deployments.length === 0) {
    return <p className="px-4 py-2.5 text-sm text-muted">No deployment matches <code className="font-mono">{selector}</code>.</p>;
  }
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Deployments</caption>
        <thead className="text-left text-xs text-muted">
          <tr className="border-b border-line">
            <th scope="col" className={th}>Deployment</th>
            <th scope="col" className={`${th} text-right`}>Ready</th>
            <th scope="col" className={`${th} text-right`}>Up to date</th>
            <th scope="col" className={`${th} text-right`}>Available</th>
            <th scope="col" className={th}>Generation</th>
            <th scope="col" className={th}>Rollout</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => {
            const style = rolloutStyles[d.rolloutStatus];
            const behind = d.generation !== null && d.observedGeneration !== d.generation;
            return (
              <tr key={d.name} data-testid="deployment-row" data-name={d.name} data-rollout={d.rolloutStatus} className="border-b border-line last:border-b-0">
                <th scope="row" className={`${td} text-left font-medium`}>{d.name}</th>
                <td className={`${td} text-right tabular-nums ${d.ready < d.desired ? 'font-semibold' : ''}`}>{d.ready}/{d.desired}</td>
                <td className={`${td} text-right tabular-nums`}>{d.updated}</td>
                <td className={`${td} text-right tabular-nums`}>{d.available}</td>
                <td className={`${td} tabular-nums whitespace-nowrap ${behind ? 'font-semibold' : 'text-muted'}`}>{describeGeneration(d)}</td>
                <td className={td}>
                  <span className={`font-semibold whitespace-nowrap ${style.text}`}>
                    <span aria-hidden="true">{style.glyph} </span>
                    {style.label}
                  </span>
                  <p className="text-xs text-muted">{d.rolloutReason}</p>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
