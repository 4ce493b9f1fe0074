import { z } from 'zod';

// Request bodies shared by the auth route handlers and the forms that send them.
export const loginBodySchema = z.object({
  username: z.string().trim().min(1, 'is required').max(64, 'is too long'),
  password: z.string().min(1, 'is required').max(200, 'is too long'),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const displayExchangeBodySchema = z.object({ token: z.string().min(1, 'is required').max(100, 'is too long') });

export const createTokenBodySchema = z.object({ name: z.string() });

/** Where to go after signing in: a path on this console only, never another site (no open redirect). */
export const nextPathSchema = z
  .string()
  .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path on this console')
  .max(500)
  .catch('/');
