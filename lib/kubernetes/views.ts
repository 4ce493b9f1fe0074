// The small JSON the console's pages need from Kubernetes objects. Pure: no I/O, importable from
// client code. The inputs are structural subsets of the API objects (client-node's V1Deployment etc.
// fit), and timestamps may be Date objects (client-node) or RFC 3339 strings (raw JSON).

type Timestamp = Date | string | undefined | null;

type ObjectMeta = {
  name?: string;
  namespace?: string;
  generation?: number;
  creationTimestamp?: Timestamp;
  deletionTimestamp?: Timestamp;
  labels?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; controller?: boolean }[];
};

type Condition = { type: string; status: string; reason?: string; message?: string };

export type DeploymentLike = {
  metadata?: ObjectMeta;
  spec?: { replicas?: number; paused?: boolean };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
};

export type RolloutStatus = 'complete' | 'progressing' | 'failed' | 'unknown';

export type DeploymentView = {
  name: string;
  namespace: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  generation: number | null;
  observedGeneration: number | null;
  rolloutStatus: RolloutStatus;
  /** Why the rollout is in that state, in kubectl's words ("2 of 3 updated replicas are available"). */
  rolloutReason: string;
};

/** What `kubectl rollout status` would say, without waiting. */
export function rolloutStatusOf(deployment: DeploymentLike): { status: RolloutStatus; reason: string } {
  const { metadata, spec, status } = deployment;
  if (!status || metadata?.generation === undefined) return { status: 'unknown', reason: 'the deployment has no status yet' };
  const observed = status.observedGeneration ?? 0;
  if (observed < metadata.generation) return { status: 'progressing', reason: 'waiting for the deployment spec update to be observed' };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { status: 'failed', reason: `progress deadline exceeded${progressing.message ? `: ${progressing.message}` : ''}` };
  }
  const desired = spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const paused = spec?.paused ? ' (rollout paused)' : '';
  if (updated < desired) return { status: 'progressing', reason: `${updated} of ${desired} new replicas have been updated${paused}` };
  if (total > updated) return { status: 'progressing', reason: `${total - updated} old replicas are pending termination${paused}` };
  if (available < updated) return { status: 'progressing', reason: `${available} of ${updated} updated replicas are available${paused}` };
  return { status: 'complete', reason: `${available} of ${desired} replicas available, rollout complete` };
}

export function deploymentView(deployment: DeploymentLike): DeploymentView {
  const { metadata, spec, status } = deployment;
  const rollout = rolloutStatusOf(deployment);
  return {
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? '',
    desired: spec?.replicas ?? 1,
    updated: status?.updatedReplicas ?? 0,
    ready: status?.readyReplicas ?? 0,
    available: status?.availableReplicas ?? 0,
    generation: metadata?.generation ?? null,
    observedGeneration: status?.observedGeneration ?? null,
    rolloutStatus: rollout.status,
    rolloutReason: rollout.reason,
  };
}

type ContainerState = {
  running?: { startedAt?: Timestamp };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; finishedAt?: Timestamp };
};

export type PodLike = {
  metadata?: ObjectMeta;
  spec?: { nodeName?: string; containers?: { name: string }[] };
  status?: {
    phase?: string;
    reason?: string;
    containerStatuses?: { name: string; ready: boolean; restartCount: number; state?: ContainerState; lastState?: ContainerState }[];
  };
};

export type PodView = {
  name: string;
  /** Pending, Running, Succeeded, Failed or Unknown. */
  phase: string;
  /** What `kubectl get pods` shows in STATUS: a waiting reason (CrashLoopBackOff), Terminating, or the phase. */
  status: string;
  /** Ready containers over containers, e.g. "1/2". */
  ready: string;
  restarts: number;
  /** The last reason a container ended (OOMKilled, Error, Completed …), current or previous. */
  lastTerminationReason: string | null;
  oomKilled: boolean;
  createdAt: string | null;
  ageSeconds: number | null;
  node: string | null;
  /** The owning Deployment, through its ReplicaSet; null for pods that no Deployment owns. */
  deployment: string | null;
};

export function podView(pod: PodLike, now: number = Date.now()): PodView {
  const { metadata, spec, status } = pod;
  const statuses = status?.containerStatuses ?? [];
  const containers = Math.max(spec?.containers?.length ?? 0, statuses.length);
  const waiting = statuses.map((c) => c.state?.waiting?.reason).find((r) => r && r !== 'ContainerCreating');
  const terminations = statuses.flatMap((c) => [c.state?.terminated, c.lastState?.terminated]).filter((t) => t !== undefined);
  const lastTermination = latestTermination(terminations);
  const createdAt = toIso(metadata?.creationTimestamp);
  return {
    name: metadata?.name ?? '',
    phase: status?.phase ?? 'Unknown',
    status: metadata?.deletionTimestamp ? 'Terminating' : (waiting ?? status?.reason ?? status?.phase ?? 'Unknown'),
    ready: `${statuses.filter((c) => c.ready).length}/${containers}`,
    restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    lastTerminationReason: lastTermination?.reason ?? null,
    oomKilled: terminations.some((t) => t.reason === 'OOMKilled'),
    createdAt,
    ageSeconds: createdAt ? Math.max(0, Math.floor((now - Date.parse(createdAt)) / 1000)) : null,
    node: spec?.nodeName || null,
    deployment: owningDeployment(metadata),
  };
}

function latestTermination(terminations: { reason?: string; finishedAt?: Timestamp }[]) {
  let latest: { reason?: string; finishedAt?: Timestamp } | undefined;
  for (const t of terminations) {
    if (!t.reason) continue;
    const at = Date.parse(toIso(t.finishedAt) ?? '') || 0;
    if (!latest || at >= (Date.parse(toIso(latest.finishedAt) ?? '') || 0)) latest = t;
  }
  return latest;
}

/** ReplicaSets a Deployment creates are named `<deployment>-<pod-template-hash>`. */
function owningDeployment(metadata: ObjectMeta | undefined): string | null {
  const owner = metadata?.ownerReferences?.find((o) => o.controller !== false && o.kind === 'ReplicaSet');
  if (!owner) return null;
  const hash = metadata?.labels?.['pod-template-hash'];
  if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -hash.length - 1);
  const cut = owner.name.lastIndexOf('-');
  return cut > 0 ? owner.name.slice(0, cut) : null;
}

export type EventLike = {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: Timestamp;
  lastTimestamp?: Timestamp;
  eventTime?: Timestamp;
  series?: { count?: number; lastObservedTime?: Timestamp };
  involvedObject?: { kind?: string; name?: string };
  metadata?: ObjectMeta;
};

export type EventView = {
  type: string;
  reason: string;
  message: string;
  /** e.g. "pod/orchestrator-7d9f-abcde". */
  object: string;
  count: number;
  lastSeen: string | null;
};

export function eventView(event: EventLike): EventView {
  const kind = event.involvedObject?.kind?.toLowerCase() ?? 'object';
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: `${kind}/${event.involvedObject?.name ?? ''}`,
    count: event.series?.count ?? event.count ?? 1,
    lastSeen: eventLastSeen(event),
  };
}

/** When an event last happened: core/v1 keeps it in several places depending on who recorded it. */
export function eventLastSeen(event: EventLike): string | null {
  return (
    toIso(event.series?.lastObservedTime) ??
    toIso(event.lastTimestamp) ??
    toIso(event.eventTime) ??
    toIso(event.firstTimestamp) ??
    toIso(event.metadata?.creationTimestamp)
  );
}

function toIso(value: Timestamp): string | null {
  if (!value) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
