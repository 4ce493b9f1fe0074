import 'server-only';
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesSettings } from './settings';

export type Connection = {
  kubeConfig: KubeConfig;
  /** The API server's address, for messages (never a credential). */
  server: string;
  /** A bearer token to send, when it comes from a file (KUBE_TOKEN_FILE, the service account's): read here, not by client-node. */
  bearerToken?: TokenFile;
};

export type TokenFile = {
  /** The token, read at most once a minute. */
  get(): string;
  /** Reads the file now (the API server refused the token): true when it holds another token than the one sent. */
  refresh(): boolean;
};

const TOKEN_FILE_REFRESH_MS = 60_000;

/**
 * Reads a token file, trimmed, at most once a minute (as client-go does) and again whenever the API
 * server refuses the token: projected service-account tokens rotate, and a hand-written file usually
 * ends with a newline that would make the Authorization header invalid.
 */
export function tokenFileReader(path: string): TokenFile {
  let token = '';
  let readAt = -Infinity;
  const read = () => {
    const text = readFileSync(path, 'utf8').trim();
    if (!text) throw new Error(`token file ${path} is empty`);
    readAt = Date.now();
    return text;
  };
  return {
    get() {
      if (Date.now() - readAt > TOKEN_FILE_REFRESH_MS) token = read();
      return token;
    },
    refresh() {
      const previous = token;
      token = read();
      return token !== previous;
    },
  };
}

/**
 * In a pod: the API server at KUBERNETES_SERVICE_HOST:PORT over TLS signed by the mounted ca.crt, the
 * mounted token (as client-node's loadFromCluster reads them, from a configurable directory).
 */
function inClusterConfig(kubeConfig: KubeConfig, dir: string): TokenFile {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: the console is not running in a pod');
  const tokenFile = `${dir}/token`;
  const token = tokenFileReader(tokenFile);
  try {
    token.get();
    readFileSync(`${dir}/ca.crt`);
  } catch (error) {
    throw new Error(`cannot read the service account's files in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'in-cluster', server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: `${dir}/ca.crt`, skipTLSVerify: false }],
    users: [{ name: 'in-cluster' }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' }],
    currentContext: 'in-cluster',
  });
  return token;
}

/** Builds client-node's KubeConfig for the configured mode; throws (naming the setting) when it cannot. */
export function createConnection(settings: Exclude<KubernetesSettings, { mode: 'off' }>): Connection {
  const kubeConfig = new KubeConfig();
  let bearerToken: TokenFile | undefined;
  switch (settings.mode) {
    case 'in-cluster':
      bearerToken = inClusterConfig(kubeConfig, settings.serviceAccountDir);
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
  if (settings.mode === 'explicit' && settings.tokenFile) bearerToken = tokenFileReader(settings.tokenFile);
  return { kubeConfig, server: cluster.server, bearerToken };
}
