/** What the server accepts (lib/api/action-schemas.ts): 16–64 of [A-Za-z0-9_-]. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A fresh key for one intent (the dialog as opened, with its parameters). Sent with every confirm of
 * that intent, so a double click or a retry after a lost answer returns the first run instead of a second.
 * getRandomValues, not randomUUID: the latter exists only in secure contexts, and a console may be
 * reached over plain http inside a cluster.
 */
export function createIdempotencyKey(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
