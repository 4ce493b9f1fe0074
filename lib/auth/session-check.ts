import 'server-only';
import { getEnv } from '@/lib/env';
import { createSessionCache } from './session-cache';

// On globalThis: Next may load this module once per route bundle, and a revocation in one must reach all.
const holder = globalThis as typeof globalThis & { __voicehiveOpsSessionCache?: ReturnType<typeof createSessionCache> };

/** The process-wide cache of validated sessions (SESSION_CHECK_CACHE_MS). */
export function getSessionCache(): ReturnType<typeof createSessionCache> {
  holder.__voicehiveOpsSessionCache ??= createSessionCache({ ttlMs: getEnv().SESSION_CHECK_CACHE_MS });
  return holder.__voicehiveOpsSessionCache;
}

/** Called by every revocation (session, user, role, display token): it takes effect on this replica at once. */
export function forgetValidatedSessions(): void {
  holder.__voicehiveOpsSessionCache?.forgetAll();
}
