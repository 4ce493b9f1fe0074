import 'server-only';
// The identity provider's metadata (openid-client discovery), fetched once per process and shared
// by every sign-in.
import * as client from 'openid-client';
import { describeError, OidcSignInRefused } from './oidc-refusal';
import type { OidcSettings } from './oidc-settings';

/** Seconds for each request to the identity provider (discovery, token, userinfo, keys). */
const PROVIDER_TIMEOUT_S = 10;

// Per-process state, on globalThis: Next may load this module once per route bundle.
type Discovery = { key: string; config: Promise<client.Configuration> };
const holder = globalThis as typeof globalThis & { __voicehiveOidcDiscovery?: Discovery };

/** The provider's metadata, fetched once per process; a failed discovery is forgotten, so the next sign-in tries again. */
function getClientConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer.href}|${settings.clientId}`;
  const cached = holder.__voicehiveOidcDiscovery;
  if (cached?.key === key) return cached.config;
  const config = client.discovery(
    settings.issuer,
    settings.clientId,
    settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
    // A confidential client authenticates with HTTP Basic (the OAuth default); a public one relies on PKCE alone.
    settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
    { timeout: PROVIDER_TIMEOUT_S, execute: settings.allowInsecureRequests ? [client.allowInsecureRequests] : [] },
  );
  const entry: Discovery = { key, config };
  config.catch(() => {
    if (holder.__voicehiveOidcDiscovery === entry) holder.__voicehiveOidcDiscovery = undefined;
  });
  holder.__voicehiveOidcDiscovery = entry;
  return config;
}

/** The provider's metadata, or the `unavailable` refusal when it cannot be fetched (logged). */
export async function getReachableConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  try {
    return await getClientConfiguration(settings);
  } catch (error) {
    console.error('[oidc] discovery failed for', settings.issuer.href, describeError(error));
    throw new OidcSignInRefused('unavailable', 'The identity provider could not be reached.');
  }
}
