import { z } from 'zod';

// Request bodies shared by the auth route handlers and the forms that send them.
export const loginBodySchema = z.object({
  username: z.string().trim().min(1, 'is required').max(64, 'is too long'),
  password: z.string().min(1, 'is required').max(200, 'is too long'),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const displayExchangeBodySchema = z.object({ token: z.string().min(1, 'is required').max(100, 'is too long') });

/** A display token: the screen's name, what a second screen opening the link does, and an optional lifetime in days. */
export const createTokenBodySchema = z.object({
  name: z.string(),
  binding: z.enum(['first-device', 'latest-device']).default('first-device'),
  expiresInDays: z.number().int().min(1, 'must be at least 1').max(366, 'must be at most 366').nullable().default(null),
});
export type CreateTokenBody = z.input<typeof createTokenBodySchema>;

const NEXT_BASE = 'http://console.invalid';

/**
 * Where to go after signing in: a path on this console only, never another site (no open redirect).
 * It ends up in a Location header, which may hold visible ASCII only: the path is rebuilt by the URL
 * parser, which percent-encodes anything else (`/é` → `/%C3%A9`), and refused (→ `/`) if it has
 * whitespace or control characters (which the parser would silently drop, turning `/\t/host` into
 * `//host`), invisible format characters (`/\u200b/evil.example`), a backslash, or does not stay on
 * this console.
 */
export const nextPathSchema = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u, 'must be a path on this console')
  .transform((raw, ctx) => {
    const url = new URL(raw, NEXT_BASE);
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (url.origin !== NEXT_BASE || path.startsWith('//') || !/^[\x21-\x7e]+$/.test(path) || path.length > 1000) {
      ctx.addIssue({ code: 'custom', message: 'must be a path on this console' });
      return z.NEVER;
    }
    return path;
  })
  .catch('/');
