import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { inClusterAvailable, resolveKubernetesSettings, SERVICE_ACCOUNT_DIR } from './settings';

const errorOf = (source: Record<string, string>) => {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  return '';
};

describe('Kubernetes settings', () => {
  it('defaults: the contract namespaces, a 5 s timeout, and off outside a cluster', () => {
    const env = parseEnv({});
    expect(env.KUBE_NAMESPACES).toEqual(['voicehive', 'kube-system', 'monitoring']);
    expect(env.KUBE_TIMEOUT_MS).toBe(5000);
    expect(resolveKubernetesSettings(env, () => false)).toEqual({ mode: 'off', namespaces: ['voicehive', 'kube-system', 'monitoring'], timeoutMs: 5000 });
    expect(resolveKubernetesSettings(env, () => true).mode).toBe('in-cluster');
  });

  it('picks explicit when KUBE_API_URL is set, kubeconfig when KUBECONFIG is set', () => {
    const explicit = resolveKubernetesSettings(parseEnv({ KUBE_API_URL: 'https://k8s.example:6443/', KUBE_TOKEN: 't', KUBE_CA_FILE: '/ca.crt', KUBECONFIG: '/k' }), () => true);
    expect(explicit).toMatchObject({ mode: 'explicit', apiUrl: 'https://k8s.example:6443', token: 't', caFile: '/ca.crt', insecureSkipTlsVerify: false });
    const kubeconfig = resolveKubernetesSettings(parseEnv({ KUBECONFIG: '/home/ops/.kube/config', KUBE_CONTEXT: 'prod' }), () => true);
    expect(kubeconfig).toMatchObject({ mode: 'kubeconfig', kubeconfigPath: '/home/ops/.kube/config', context: 'prod' });
    expect(resolveKubernetesSettings(parseEnv({ KUBE_MODE: 'in-cluster' }), () => false).mode).toBe('in-cluster');
  });

  it('parses KUBE_NAMESPACES and refuses names that are not namespaces', () => {
    expect(parseEnv({ KUBE_NAMESPACES: ' voicehive , monitoring,voicehive ' }).KUBE_NAMESPACES).toEqual(['voicehive', 'monitoring']);
    expect(errorOf({ KUBE_NAMESPACES: 'voicehive,Bad_NS' })).toMatch(/KUBE_NAMESPACES/);
    expect(errorOf({ KUBE_NAMESPACES: ' , ' })).toMatch(/KUBE_NAMESPACES: must name at least one namespace/);
  });

  it('requires what explicit mode needs and refuses contradictions', () => {
    expect(errorOf({ KUBE_MODE: 'explicit' })).toMatch(/KUBE_API_URL: is required/);
    expect(errorOf({ KUBE_API_URL: 'https://k8s.example' })).toMatch(/KUBE_TOKEN: KUBE_TOKEN or KUBE_TOKEN_FILE is required/);
    expect(errorOf({ KUBE_API_URL: 'https://k8s.example', KUBE_TOKEN: 'a', KUBE_TOKEN_FILE: '/t' })).toMatch(/set KUBE_TOKEN or KUBE_TOKEN_FILE, not both/);
    expect(errorOf({ KUBE_API_URL: 'https://k8s.example', KUBE_TOKEN: 'a', KUBE_CA_FILE: '/ca', KUBE_INSECURE_SKIP_TLS_VERIFY: 'true' })).toMatch(/KUBE_INSECURE_SKIP_TLS_VERIFY: contradicts KUBE_CA_FILE/);
    expect(errorOf({ KUBE_API_URL: 'https://k8s.example', KUBE_TOKEN: 'a', KUBE_INSECURE_SKIP_TLS_VERIFY: 'perhaps' })).toMatch(/KUBE_INSECURE_SKIP_TLS_VERIFY/);
  });

  it('allows http only on loopback', () => {
    expect(errorOf({ KUBE_API_URL: 'http://k8s.example:8080', KUBE_TOKEN: 'a' })).toMatch(/KUBE_API_URL: must be an https:\/\/ URL/);
    expect(parseEnv({ KUBE_API_URL: 'http://127.0.0.1:8001', KUBE_TOKEN: 'a' }).KUBE_API_URL).toBe('http://127.0.0.1:8001');
  });

  it('refuses settings that the chosen mode would silently ignore', () => {
    expect(errorOf({ KUBE_MODE: 'in-cluster', KUBE_TOKEN: 'a' })).toMatch(/KUBE_TOKEN: applies only to KUBE_MODE=explicit/);
    expect(errorOf({ KUBECONFIG: '/k', KUBE_CA_FILE: '/ca' })).toMatch(/KUBE_CA_FILE: applies only to KUBE_MODE=explicit/);
    expect(errorOf({ KUBE_CONTEXT: 'prod' })).toMatch(/KUBE_CONTEXT: applies only to KUBE_MODE=kubeconfig/);
    expect(errorOf({ KUBE_MODE: 'kubeconfig' })).toMatch(/KUBECONFIG: is required/);
    expect(errorOf({ KUBECONFIG: '/a:/b' })).toMatch(/KUBECONFIG: must be one file/);
    expect(errorOf({ KUBE_API_URL: 'https://k8s.example', KUBE_TOKEN: 'a', KUBE_SERVICE_ACCOUNT_DIR: '/sa' })).toMatch(/KUBE_SERVICE_ACCOUNT_DIR: applies only to KUBE_MODE=in-cluster/);
  });

  it('reads the service account from KUBE_SERVICE_ACCOUNT_DIR in-cluster, else from where Kubernetes mounts it', () => {
    expect(resolveKubernetesSettings(parseEnv({ KUBE_MODE: 'in-cluster' }), () => false)).toMatchObject({ mode: 'in-cluster', serviceAccountDir: SERVICE_ACCOUNT_DIR });
    expect(resolveKubernetesSettings(parseEnv({ KUBE_MODE: 'in-cluster', KUBE_SERVICE_ACCOUNT_DIR: '/run/sa/' }), () => false)).toMatchObject({ serviceAccountDir: '/run/sa' });
    const files = new Set(['/run/sa/token', '/run/sa/ca.crt']);
    expect(inClusterAvailable((p) => files.has(p), { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, '/run/sa')).toBe(true);
  });

  it('detects the in-cluster service account from its files and the service host', () => {
    const files = new Set([`${SERVICE_ACCOUNT_DIR}/token`, `${SERVICE_ACCOUNT_DIR}/ca.crt`]);
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(inClusterAvailable((p) => files.has(p), env)).toBe(true);
    expect(inClusterAvailable(() => false, env)).toBe(false);
    expect(inClusterAvailable((p) => files.has(p), {})).toBe(false);
  });
});
