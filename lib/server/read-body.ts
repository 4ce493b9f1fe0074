import 'server-only';
import type { z } from 'zod';
import { ApiError, fromZodError } from '@/lib/api/errors';

/** Reads a JSON request body and checks it against its schema; bad JSON or a bad field is a 400 naming it. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ApiError('bad-request', 'body: must be JSON', 'body');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}
