import 'server-only';
import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The TCP peer of the request being handled. `server.mjs` (how the console is started) runs each request
 * inside an AsyncLocalStorage holding `req.socket.remoteAddress`, on globalThis so that the bundled app code
 * reaches the same instance. Next.js hands route handlers no socket, and its `next start` copies the peer
 * into X-Forwarded-For only when the client did not send one itself, so that header cannot tell.
 * Null outside such a request (a test calling a handler directly, or a console started with `next start`,
 * which instrumentation refuses in production).
 */
type PeerStore = AsyncLocalStorage<{ address: string | null }>;
const holder = globalThis as typeof globalThis & { __voicehivePeer?: PeerStore };

export function getPeerAddress(): string | null {
  return holder.__voicehivePeer?.getStore()?.address ?? null;
}

/** Whether this process was started by server.mjs (which sets the peer for every request). */
export function isPeerAddressAvailable(): boolean {
  return holder.__voicehivePeer !== undefined;
}
