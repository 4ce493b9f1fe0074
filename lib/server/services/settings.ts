import 'server-only';
import fs from 'node:fs';
import type { Env } from '@/lib/env';

export type ServiceAdminSettings = {
  /** Base URL of each service's admin API, by service name: only these hosts are ever called. */
  services: ReadonlyMap<string, URL>;
  timeoutMs: number;
  /** The bearer token to send, read when needed so a rotated token file is picked up. */
  readToken(): string | null;
};

/** Reads a token file again only when it changed (rotated by a secret mounter), not on every request. */
function createTokenFileReader(file: string): () => string {
  let cached: { mtimeMs: number; token: string } | undefined;
  return () => {
    const { mtimeMs } = fs.statSync(file);
    if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, token: fs.readFileSync(file, 'utf8').trim() };
    return cached.token;
  };
}

export function serviceAdminSettingsFromEnv(env: Env): ServiceAdminSettings {
  const { SERVICE_ADMIN_TOKEN: token, SERVICE_ADMIN_TOKEN_FILE: file } = env;
  const readFile = file ? createTokenFileReader(file) : null;
  return {
    // A trailing slash, so the catalog's absolute paths are appended to the base path rather than replacing it.
    services: new Map(env.SERVICE_ADMIN_URLS.map(({ name, url }) => [name, new URL(url.endsWith('/') ? url : `${url}/`)])),
    timeoutMs: env.SERVICE_ADMIN_TIMEOUT_MS,
    readToken: () => token ?? readFile?.() ?? null,
  };
}
