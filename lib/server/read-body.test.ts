import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { readJsonBody } from './read-body';

const schema = z.object({ name: z.string().min(1) });
const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) => new Request('http://console/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

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
    expect(await codeOf(readJsonBody(post('{}', { 'content-type': 'application/json', 'content-length': '999999' }), schema))).toBe('too-large body');
  });

  // Issue 12, point 10: a JSON body must say so. text/plain (and form encodings) are what a cross-site
  // <form> or a no-preflight fetch can send; requiring application/json makes a browser ask first (CORS).
  it('refuses a body that is not declared application/json with 415, naming the content-type', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json']) {
      const error = await readJsonBody(post('{"name":"wall"}', { 'content-type': type }), schema).catch((e: unknown) => e);
      expect(error, type).toBeInstanceOf(ApiError);
      expect(error, type).toMatchObject({ code: 'unsupported-media-type', field: 'content-type', message: `content-type: must be application/json (got ${type.split(';')[0]})` });
    }
    // A string body would get text/plain from the Request constructor: bytes get no content-type at all.
    const missing = await readJsonBody(post(new TextEncoder().encode('{"name":"wall"}'), {}), schema).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'unsupported-media-type', field: 'content-type', message: 'content-type: must be application/json (got none)' });
  });

  it('accepts application/json with parameters and in any case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      expect(await readJsonBody(post('{"name":"wall"}', { 'content-type': type }), schema), type).toEqual({ name: 'wall' });
    }
  });
});
