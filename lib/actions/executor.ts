import type { Change } from './diff';
import type { ResolvedAction } from './resolve';

/** What a preview shows before anyone confirms: the exact change, and what it was computed against. */
export type Preview = {
  changes: Change[];
  /** The object's resourceVersion at preview; approval and execution refuse to run if it has moved. */
  resourceVersion: string | null;
  /** Things the person should know before confirming (an HPA that will fight a scale, pods to be deleted…). */
  warnings: string[];
  /** A human summary of the target: "deployment voicehive/orchestrator". */
  target: string;
  /** Deployments that read the changed object (a ConfigMap) and need a restart to see the change. */
  consumers?: { namespace: string; name: string }[];
};

export type ExecutionResult = { message: string; resourceVersion?: string | null; details?: Record<string, unknown> };

/** How far a change has got in the estate after it was made (a rollout, a job). */
export type Progress = { state: 'in-progress' | 'complete' | 'failed'; message: string };

/**
 * One per upstream (Kubernetes now; Redis and service admin endpoints later). Every kind goes through
 * the same flow: preview (a dry run or a read) → confirm/approve → execute once → follow → verify.
 */
export type ActionExecutor = {
  preview(action: ResolvedAction): Promise<Preview>;
  /** `expectedResourceVersion`: refuse (conflict) if the object moved since the preview. */
  execute(action: ResolvedAction, expectedResourceVersion: string | null): Promise<ExecutionResult>;
  follow(action: ResolvedAction): Promise<Progress>;
};
