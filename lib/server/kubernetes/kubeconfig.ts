import 'server-only';
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesSettings } from './settings';

export type Connection = {
  kubeConfig: KubeConfig;
  /** The API server's address, for messages (never a credential). */
  server: string;
  /** A bearer token to send, when it comes from KUBE_TOKEN_FILE (read here, not by client-node). */
  bearerToken?: () => string;
};

const TOKEN_FILE_REFRESH_MS = 60_000;

/**
 * Reads a token file, trimmed, at most once a minute: projected service-account tokens rotate, and a
 * hand-written file usually ends with a newline that would make the Authorization header invalid.
 */
function tokenFileReader(path: string): () => string {
  let token = '';
  let readAt = -Infinity;
  return () => {
    if (Date.now() - readAt > TOKEN_FILE_REFRESH_MS) {
      token = readFileSync(path, 'utf8').trim();
      readAt = Date.now();
      if (!token) throw new Error(`KUBE_TOKEN_FILE ${path} is empty`);
    }
    return token;
  };
}

/** Builds client-node's KubeConfig for the configured mode; throws (naming the setting) when it cannot. */
export function createConnection(settings: Exclude<KubernetesSettings, { mode: 'off' }>): Connection {
  const kubeConfig = new KubeConfig();
  switch (settings.mode) {
    case 'in-cluster':
      kubeConfig.loadFromCluster();
      break;
    case 'kubeconfig':
      try {
        kubeConfig.loadFromFile(settings.kubeconfigPath);
      } catch (error) {
        throw new Error(`cannot read KUBECONFIG ${settings.kubeconfigPath}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (settings.context) {
        if (!kubeConfig.getContextObject(settings.context)) throw new Error(`KUBE_CONTEXT ${settings.context} is not a context of ${settings.kubeconfigPath}`);
        kubeConfig.setCurrentContext(settings.context);
      }
      break;
    case 'explicit': {
      const isHttp = settings.apiUrl.startsWith('http:');
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name: 'voicehive-ops',
            server: settings.apiUrl,
            caFile: settings.caFile,
            // client-node refuses http:// unless this is set; lib/env.ts allows http only on loopback.
            skipTLSVerify: isHttp || settings.insecureSkipTlsVerify,
          },
        ],
        users: [{ name: 'voicehive-ops', token: settings.token }],
        contexts: [{ name: 'voicehive-ops', cluster: 'voicehive-ops', user: 'voicehive-ops' }],
        currentContext: 'voicehive-ops',
      });
      break;
    }
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) throw new Error(`no API server in the ${settings.mode} configuration (current context ${kubeConfig.getCurrentContext() || 'unset'})`);
  const bearerToken = settings.mode === 'explicit' && settings.tokenFile ? tokenFileReader(settings.tokenFile) : undefined;
  return { kubeConfig, server: cluster.server, bearerToken };
}
