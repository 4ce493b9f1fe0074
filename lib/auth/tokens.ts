import { createHash, randomBytes } from 'node:crypto';

/** Display tokens start with this: a leaked one is recognisable (for secret scanners and people). */
export const DISPLAY_TOKEN_PREFIX = 'vhd_';

/** A secret handed to a browser (a session cookie, a display token): 256 random bits. */
export function generateSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * What the store keeps of a secret. A plain sha256 is enough here (unlike passwords): the secret has
 * 256 random bits, so there is nothing to guess from the hash.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
