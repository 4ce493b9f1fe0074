import type { Bound } from './binding';
import type { Change } from './diff';
import type { ResolvedAction } from './resolve';

/** What a preview shows before anyone confirms: the exact change, and the state it was computed against. */
export type Preview = {
  changes: Change[];
  /** What the approval is bound to (lib/actions/binding.ts); a request, an approval and the execution refuse to go on if it moved. */
  bound: Bound;
  /** `bound`, encoded: what the browser sends back with its confirm. */
  version: string;
  /** Things the person should know before confirming (an HPA that will fight a scale, pods to be deleted…). */
  warnings: string[];
  /** A human summary of the target: "deployment voicehive/orchestrator". */
  target: string;
  /** Deployments that read the changed object (a ConfigMap) and need a restart to see the change. */
  consumers?: { namespace: string; name: string }[];
};

/** Who a change is made for: the requester goes into the object's change-cause, as kubectl users expect. */
export type ActionContext = { requester: string };

/** What was approved: the state it was bound to and the change the person saw. */
export type Approved = { bound: Bound; changes: Change[] };

/** What follow() needs to follow this run's own change: the generation it wrote, the Job it made, the pods it evicted. */
export type FollowRef =
  | { kind: 'rollout'; namespace: string; name: string; uid: string; generation: number }
  | { kind: 'job'; namespace: string; name: string; uid: string }
  | { kind: 'pods'; namespace: string; pods: { name: string; uid: string }[] };

export type ExecutionResult = { message: string; details?: Record<string, unknown>; follow?: FollowRef };

/**
 * How far this run's change has got in the estate (its rollout, its Job). `superseded`: a later change
 * to the object replaced it before it finished, so its own end can no longer be seen.
 */
export type Progress = { state: 'in-progress' | 'complete' | 'failed' | 'superseded'; message: string };

/**
 * One per upstream (Kubernetes, Redis, service admin endpoints). Every kind goes through the same flow:
 * preview (a dry run or a read) → confirm/approve → execute once (re-read, still bound, write, read back)
 * → follow.
 */
export type ActionExecutor = {
  preview(action: ResolvedAction, context: ActionContext): Promise<Preview>;
  /** Re-reads the object right before writing: refuses (BindingError) if what was approved moved, then writes and reads back. */
  execute(action: ResolvedAction, approved: Approved, context: ActionContext): Promise<ExecutionResult>;
  /** Follows what this run did (its `follow` reference), not whatever is current. */
  follow(action: ResolvedAction, result: ExecutionResult): Promise<Progress>;
};
