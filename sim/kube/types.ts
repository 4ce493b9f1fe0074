import type { KubeObject, OwnerReference } from './store';

/** The parts of the API types the double reads and writes; the stored objects carry more. */

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  [field: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; restartPolicy?: string; [field: string]: unknown };
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface Deployment extends KubeObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: PodTemplate;
    [field: string]: unknown;
  };
  status: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}

export interface ReplicaSet extends KubeObject {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: PodTemplate; minReadySeconds?: number };
  status: { replicas: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number };
}

export interface ContainerState {
  running?: { startedAt: string };
  waiting?: { reason: string; message?: string };
  terminated?: { reason: string; exitCode: number; startedAt?: string; finishedAt?: string; containerID?: string };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  state: ContainerState;
  lastState: ContainerState;
}

export interface Pod extends KubeObject {
  spec: { containers: Container[]; nodeName?: string; restartPolicy?: string; [field: string]: unknown };
  status: {
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    conditions?: Condition[];
    hostIP?: string;
    podIP?: string;
    startTime?: string;
    containerStatuses?: ContainerStatus[];
    qosClass?: string;
    [field: string]: unknown;
  };
}

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export interface Job extends KubeObject {
  spec: { template: PodTemplate; backoffLimit?: number; completions?: number; parallelism?: number; selector?: unknown; [field: string]: unknown };
  status: { active?: number; succeeded?: number; failed?: number; startTime?: string; completionTime?: string; conditions?: Condition[]; ready?: number; [field: string]: unknown };
}

export interface CronJob extends KubeObject {
  spec: { schedule: string; jobTemplate: { metadata?: { labels?: Record<string, string> }; spec: Job['spec'] }; [field: string]: unknown };
  status: { lastScheduleTime?: string; lastSuccessfulTime?: string; active?: unknown[] };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  spec: { scaleTargetRef: { apiVersion: string; kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics?: unknown[] };
  status: { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; currentMetrics?: unknown[]; conditions?: Condition[] };
}

export interface KubeEvent extends KubeObject {
  involvedObject: { kind: string; namespace?: string; name: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  eventTime?: null;
}

export const controllerOf = (object: KubeObject): OwnerReference | undefined => object.metadata.ownerReferences?.find((o) => o.controller);

export interface PodDisruptionBudget extends KubeObject {
  spec: { minAvailable?: number | string; maxUnavailable?: number | string; selector: { matchLabels: Record<string, string> }; unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow' };
  status: {
    observedGeneration?: number;
    /** Pods evicted whose deletion the controller has not seen yet: name → eviction time. */
    disruptedPods?: Record<string, string>;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
    conditions?: Condition[];
  };
}
