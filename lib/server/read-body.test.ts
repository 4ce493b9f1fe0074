import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { readJsonBody } from './read-body';

const schema = z.object({ name: z.string().min(1) });
const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request('http://console/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.code} ${error.field}` : String(error);
  }
}

describe('readJsonBody', () => {
  it('reads a valid body', async () => {
    expect(await readJsonBody(post('{"name":"wall"}'), schema)).toEqual({ name: 'wall' });
  });

  it('refuses JSON that is not JSON, and a field that fails its schema, naming it', async () => {
    expect(await codeOf(readJsonBody(post('{name'), schema))).toBe('bad-request body');
    expect(await codeOf(readJsonBody(post('{"name":""}'), schema))).toBe('bad-request name');
  });

  it('refuses a body over 16 KiB whether or not Content-Length says so', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(20_000) });
    expect(await codeOf(readJsonBody(post(big), schema))).toBe('too-large body');
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) });
    expect(await codeOf(readJsonBody(post(stream), schema))).toBe('too-large body');
    expect(await codeOf(readJsonBody(post('{}', { 'content-length': '999999' }), schema))).toBe('too-large body');
  });
});
