import 'server-only';
import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  PolicyV1Api,
  CustomObjectsApi,
  Observable,
  setHeaderOptions,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type PatchStrategy,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { getConsoleMetrics } from '../console-metrics';
import { kubernetesCalls, rbacResource, type KubernetesCall, type KubernetesFunction } from './calls';
import { isApiException, KUBERNETES_UPSTREAM, KubernetesError, toKubernetesError, type CallDescription } from './errors';
import { createConnection, type Connection } from './kubeconfig';
import type { KubernetesSettings } from './settings';

export type Apis = {
  core: CoreV1Api;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  batch: BatchV1Api;
  policy: PolicyV1Api;
  custom: CustomObjectsApi;
};

/** Per-request options for client-node: the request's abort signal, and a token from KUBE_TOKEN_FILE. */
export type CallOptions = (patchStrategy?: PatchStrategy) => ConfigurationOptions<ObservableMiddleware>;

export type Caller = <T>(fn: KubernetesFunction, object: string, namespace: string, run: (apis: Apis, options: CallOptions) => Promise<T>, step?: number) => Promise<T>;

/** Re-reads the token file after a 401: true when it now holds another token (an unreadable file is no new token). */
function tokenChanged(connection: Connection): boolean {
  try {
    return connection.bearerToken?.refresh() ?? false;
  } catch {
    return false;
  }
}

/**
 * Sends one adapter call: refuses when Kubernetes is off, bounds it by the timeout (the request,
 * its body, and anything client-node does first, such as reading a token or CA file), counts it in
 * the console's upstream metrics, and turns any failure into a KubernetesError naming the object.
 */
export function createCaller(settings: KubernetesSettings): Caller {
  const metrics = getConsoleMetrics();
  let connection: { value: Connection; apis: Apis } | undefined;

  function connect(object: string): { value: Connection; apis: Apis } {
    if (settings.mode === 'off') {
      throw new KubernetesError('not-configured', object, null, 'Kubernetes is not configured (set KUBE_API_URL and KUBE_TOKEN, or KUBECONFIG, or run the console in the cluster with its service account)');
    }
    if (!connection) {
      let value: Connection;
      try {
        value = createConnection(settings);
      } catch (error) {
        // Not kept: a file that is missing now (a mounted token, a kubeconfig) may be there next time.
        throw new KubernetesError('not-configured', object, null, `Kubernetes is not configured: ${error instanceof Error ? error.message : String(error)}`);
      }
      const kc = value.kubeConfig;
      connection = {
        value,
        apis: {
          core: kc.makeApiClient(CoreV1Api),
          apps: kc.makeApiClient(AppsV1Api),
          autoscaling: kc.makeApiClient(AutoscalingV2Api),
          batch: kc.makeApiClient(BatchV1Api),
          policy: kc.makeApiClient(PolicyV1Api),
          custom: kc.makeApiClient(CustomObjectsApi),
        },
      };
    }
    return connection;
  }

  return async function call<T>(fn: KubernetesFunction, object: string, namespace: string, run: (apis: Apis, options: CallOptions) => Promise<T>, step = 0): Promise<T> {
    const spec: KubernetesCall = kubernetesCalls[fn][step]!;
    const description: CallDescription = { object, verb: spec.verb, resource: rbacResource(spec), namespace };
    const { value, apis } = connect(object);
    const timeoutMs = settings.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    let rejectOnTimeout: (reason: unknown) => void = () => {};
    const deadline = new Promise<never>((_, reject) => (rejectOnTimeout = reject));
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
      rejectOnTimeout(new Error('timeout'));
    }, timeoutMs);

    const perRequest: ObservableMiddleware = {
      pre: (context: RequestContext) => {
        context.setSignal(controller.signal);
        if (value.bearerToken) context.setHeaderParam('Authorization', `Bearer ${value.bearerToken.get()}`);
        return new Observable(Promise.resolve(context));
      },
      post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
    };
    const options: CallOptions = (patchStrategy) => {
      const base: ConfigurationOptions<ObservableMiddleware> = { middleware: [perRequest], middlewareMergeStrategy: 'append' };
      // Without the header client-node sends application/json-patch+json, which a merge-style body is not.
      return patchStrategy ? setHeaderOptions('Content-Type', patchStrategy, base) : base;
    };

    const stopTimer = metrics.upstreamDuration.startTimer({ upstream: KUBERNETES_UPSTREAM });
    const send = () => Promise.race([run(apis, options), deadline]);
    try {
      let result: T;
      try {
        result = await send();
      } catch (error) {
        // A rotated token: the API server refuses the old one before doing anything, so sending again
        // with the file's new token is safe, for a change too. Once, and only if the file changed.
        if (!(isApiException(error) && error.code === 401 && tokenChanged(value))) throw error;
        result = await send();
      }
      metrics.upstreamRequests.inc({ upstream: KUBERNETES_UPSTREAM, outcome: 'ok' });
      return result;
    } catch (error) {
      const mapped = toKubernetesError(error, description, { timedOut, timeoutMs });
      metrics.upstreamRequests.inc({ upstream: KUBERNETES_UPSTREAM, outcome: mapped.code === 'timeout' ? 'timeout' : 'error' });
      throw mapped;
    } finally {
      clearTimeout(timer);
      stopTimer();
    }
  };
}
