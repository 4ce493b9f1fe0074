import { involve, type EventRecorder } from './events';
import { kubeTime, type Store } from './store';
import type { Condition, Deployment, HorizontalPodAutoscaler } from './types';

/**
 * The HPA controller, reduced to what an operator meets: it keeps its target inside
 * [minReplicas, maxReplicas] (so a manual scale of the orchestrator to 1 comes back to 3 on the next
 * sync, as on a real cluster); CPU-driven scaling is not modelled, the status says the CPU target holds.
 */

const CPU_UTILIZATION = 38;

export interface HpaDeps {
  store: Store;
  now(): number;
  events: EventRecorder;
  /** 0 turns the clamping off (status is still kept). */
  syncMs: number;
}

function conditions(limited: 'below' | 'above' | null, at: string): Condition[] {
  return [
    { type: 'AbleToScale', status: 'True', reason: limited ? 'SucceededRescale' : 'ReadyForNewScale', message: limited ? 'the HPA controller was able to update the target scale' : 'recommended size matches current size', lastTransitionTime: at },
    { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: at },
    limited
      ? { type: 'ScalingLimited', status: 'True', reason: limited === 'below' ? 'TooFewReplicas' : 'TooManyReplicas', message: `the desired replica count is ${limited === 'below' ? 'less' : 'more'} than the ${limited === 'below' ? 'minimum' : 'maximum'} replica count`, lastTransitionTime: at }
      : { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: at },
  ];
}

export function createHpaController({ store, now, events, syncMs }: HpaDeps): { step(): void } {
  let lastSync = now();
  return {
    step() {
      const due = syncMs > 0 && now() - lastSync >= syncMs;
      if (due) lastSync = now();
      for (const hpa of store.list<HorizontalPodAutoscaler>('horizontalpodautoscalers')) {
        const target = store.get<Deployment>('deployments', hpa.metadata.namespace, hpa.spec.scaleTargetRef.name);
        if (!target) continue;
        const { minReplicas, maxReplicas } = hpa.spec;
        const current = target.spec.replicas;
        const limited = current < minReplicas ? 'below' : current > maxReplicas ? 'above' : null;
        const at = kubeTime(now());
        let status: HorizontalPodAutoscaler['status'] = {
          ...hpa.status,
          currentReplicas: target.status.replicas ?? current,
          desiredReplicas: current,
          currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: CPU_UTILIZATION, averageValue: '190m' } } }],
        };
        if (due && limited) {
          const desired = limited === 'below' ? minReplicas : maxReplicas;
          const generation = (target.metadata.generation ?? 1) + 1;
          store.put('deployments', { ...target, metadata: { ...target.metadata, generation }, spec: { ...target.spec, replicas: desired } });
          const reason = limited === 'below' ? 'Current number of replicas below Spec.MinReplicas' : 'Current number of replicas above Spec.MaxReplicas';
          events.record(involve('HorizontalPodAutoscaler', 'autoscaling/v2', hpa), 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, { component: 'horizontal-pod-autoscaler' });
          status = { ...status, desiredReplicas: desired, lastScaleTime: at, conditions: conditions(limited, at) };
        } else if (!limited && (!hpa.status.conditions || hpa.status.conditions.some((c) => c.type === 'ScalingLimited' && c.status === 'True'))) {
          status = { ...status, conditions: conditions(null, at) };
        }
        if (JSON.stringify(status) !== JSON.stringify(hpa.status)) store.put('horizontalpodautoscalers', { ...hpa, status });
      }
    },
  };
}
