import { describe, expect, it } from 'vitest';
import { runRequestSchema } from '@/lib/api/action-schemas';
import { createIdempotencyKey, idempotencyKeyPattern } from './idempotency-key';

describe('createIdempotencyKey', () => {
  it('makes 32 hex characters the server accepts', () => {
    const key = createIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).toMatch(idempotencyKeyPattern);
    expect(runRequestSchema.shape.idempotencyKey.safeParse(key).success).toBe(true);
  });

  it('makes a new key each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => createIdempotencyKey()));
    expect(keys.size).toBe(50);
  });

  it('encodes every byte, zero-padded', () => {
    expect(createIdempotencyKey((b) => b.fill(10))).toBe('0a'.repeat(16));
  });
});
