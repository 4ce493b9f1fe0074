import 'server-only';
import type { z } from 'zod';
import { ApiError, fromZodError } from '@/lib/api/errors';

// The console's request bodies are a few fields; anything bigger is refused before it is buffered.
const MAX_BODY_BYTES = 16 * 1024;

async function readCapped(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new ApiError('too-large', `body: larger than ${MAX_BODY_BYTES / 1024} KiB`, 'body');
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Content-Length can be absent (chunked) or lie: count what actually arrives.
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new ApiError('too-large', `body: larger than ${MAX_BODY_BYTES / 1024} KiB`, 'body');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JSON body must be declared as one. text/plain and the form encodings are what a cross-site <form>
 * or a fetch without a CORS preflight can send; insisting on application/json takes those away.
 */
function assertJsonContentType(request: Request): void {
  const declared = request.headers.get('content-type');
  const type = declared?.split(';')[0]?.trim().toLowerCase() || null;
  if (type !== 'application/json') throw new ApiError('unsupported-media-type', `content-type: must be application/json (got ${type ?? 'none'})`, 'content-type');
}

/**
 * Reads a JSON request body and checks it against its schema: a body not declared application/json is
 * a 415, bad JSON or a bad field a 400 naming it.
 */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  assertJsonContentType(request);
  const text = await readCapped(request);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError('bad-request', 'body: must be JSON', 'body');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}
