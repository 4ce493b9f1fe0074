import { randomInt } from 'node:crypto';
import { canonical, type Json } from './patch';

/**
 * Names and ids as the controllers make them: the pod-template-hash (FNV-32a of the template,
 * written in the "safe" alphabet without vowels), five-character suffixes of generated names,
 * container ids and image digests.
 */

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** rand.SafeEncodeString of the hash's decimal digits, as the deployment controller names ReplicaSets. */
export function templateHash(template: unknown): string {
  const digits = String(fnv1a(JSON.stringify(canonical(template as Json))));
  return [...digits].map((d) => ALPHABET[d.charCodeAt(0) % ALPHABET.length]).join('');
}

/** The random suffix of a generated name (`<generateName><5 chars>`). */
export const nameSuffix = (): string => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** Hex digits derived from a seed string: stable ids for things made from the same inputs. */
export function hexOf(seed: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) out += fnv1a(`${round}:${seed}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A deterministic [0, 1) from a string: log lines and event timings replay for the same pod and slot. */
export function unitOf(seed: string): number {
  // murmur3's finalizer: FNV alone leaves strings with a common prefix close together.
  let h = fnv1a(seed);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** A small seeded generator for one log line or event (mulberry32). */
export function randomFrom(seed: string): () => number {
  let state = fnv1a(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A five-character suffix that is the same for the same seed (seeded objects keep their names). */
export function suffixOf(seed: string): string {
  const next = randomFrom(seed);
  return Array.from({ length: 5 }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
}
