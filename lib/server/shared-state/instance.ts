import 'server-only';
import { getEnv } from '@/lib/env';
import { onShutdown } from '@/lib/server/shutdown';
import { createSharedLink, type SharedLink } from './link';

const holder = globalThis as typeof globalThis & { __voicehiveOpsSharedLink?: SharedLink | null };

/** The process-wide link to the console's own Redis (CONSOLE_REDIS_URL), or null when replicas share nothing. */
export function getSharedLink(): SharedLink | null {
  if (holder.__voicehiveOpsSharedLink === undefined) {
    const env = getEnv();
    const link = env.CONSOLE_REDIS_URL ? createSharedLink({ url: env.CONSOLE_REDIS_URL, timeoutMs: env.CONSOLE_REDIS_TIMEOUT_MS }) : null;
    holder.__voicehiveOpsSharedLink = link;
    // Closed with the store, after the work that reads through it has stopped.
    if (link) onShutdown('console Redis link', () => link.close(), 'close');
  }
  return holder.__voicehiveOpsSharedLink;
}
