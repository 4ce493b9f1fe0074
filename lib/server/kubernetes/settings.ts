import 'server-only';
import { existsSync } from 'node:fs';
import type { Env } from '@/lib/env';

/** Where the in-cluster service account's files are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type KubernetesMode = 'in-cluster' | 'kubeconfig' | 'explicit';

/** How the console reaches Kubernetes, resolved from the environment once. */
export type KubernetesSettings =
  | { mode: 'off'; namespaces: string[]; timeoutMs: number }
  | ({ namespaces: string[]; timeoutMs: number } & (
      | { mode: 'in-cluster'; serviceAccountDir: string }
      | { mode: 'kubeconfig'; kubeconfigPath: string; context?: string }
      | { mode: 'explicit'; apiUrl: string; token?: string; tokenFile?: string; caFile?: string; insecureSkipTlsVerify: boolean }
    ));

/** The service account's token and CA are mounted and the API server's address is in the environment. */
export function inClusterAvailable(exists: (path: string) => boolean = existsSync, env: Record<string, string | undefined> = process.env, dir = SERVICE_ACCOUNT_DIR): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) && exists(`${dir}/token`) && exists(`${dir}/ca.crt`);
}

/**
 * KUBE_MODE when set; otherwise explicit when KUBE_API_URL is set, kubeconfig when KUBECONFIG is set,
 * in-cluster when the service account is mounted, and off when none of these holds.
 */
export function resolveKubernetesSettings(env: Env, detectInCluster: () => boolean = () => inClusterAvailable(existsSync, process.env, env.KUBE_SERVICE_ACCOUNT_DIR)): KubernetesSettings {
  const common = { namespaces: env.KUBE_NAMESPACES, timeoutMs: env.KUBE_TIMEOUT_MS };
  const mode: KubernetesMode | 'off' =
    env.KUBE_MODE ?? (env.KUBE_API_URL ? 'explicit' : env.KUBECONFIG ? 'kubeconfig' : detectInCluster() ? 'in-cluster' : 'off');
  switch (mode) {
    case 'explicit':
      // lib/env.ts has already required the URL and one token source for this mode.
      return {
        ...common,
        mode,
        apiUrl: env.KUBE_API_URL!.replace(/\/+$/, ''),
        token: env.KUBE_TOKEN,
        tokenFile: env.KUBE_TOKEN_FILE,
        caFile: env.KUBE_CA_FILE,
        insecureSkipTlsVerify: env.KUBE_INSECURE_SKIP_TLS_VERIFY,
      };
    case 'kubeconfig':
      return { ...common, mode, kubeconfigPath: env.KUBECONFIG!, context: env.KUBE_CONTEXT };
    case 'in-cluster':
      return { ...common, mode, serviceAccountDir: (env.KUBE_SERVICE_ACCOUNT_DIR ?? SERVICE_ACCOUNT_DIR).replace(/\/+$/, '') };
    case 'off':
      return { ...common, mode };
  }
}
