import 'server-only';
import { getEnv } from '@/lib/env';
import { createSharedLink, type SharedLink } from './link';

const holder = globalThis as typeof globalThis & { __voicehiveOpsSharedLink?: SharedLink | null };

/** The process-wide link to the console's own Redis (CONSOLE_REDIS_URL), or null when replicas share nothing. */
export function getSharedLink(): SharedLink | null {
  if (holder.__voicehiveOpsSharedLink === undefined) {
    const env = getEnv();
    holder.__voicehiveOpsSharedLink = env.CONSOLE_REDIS_URL ? createSharedLink({ url: env.CONSOLE_REDIS_URL, timeoutMs: env.CONSOLE_REDIS_TIMEOUT_MS }) : null;
  }
  return holder.__voicehiveOpsSharedLink;
}
