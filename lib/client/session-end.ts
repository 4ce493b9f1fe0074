import { findDisplayEndPage } from '@/lib/auth/display-ends';
import { ConsoleApiError } from './api';

/**
 * Where the browser goes when the server says its session is over: a person to the sign-in page (and
 * back here after); a display whose token was revoked, rotated, taken by another screen or expired, or
 * whose session ended unused, to a page that says so (never a login form).
 */
export function getSessionEndRedirect(error: unknown, here: string): string | null {
  if (!(error instanceof ConsoleApiError) || error.status !== 401) return null;
  return findDisplayEndPage(error.code) ?? `/login?next=${encodeURIComponent(here)}`;
}
