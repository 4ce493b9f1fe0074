import { ConsoleApiError } from './api';

/**
 * Where the browser goes when the server says its session is over: a person to the sign-in page (and
 * back here after), a display whose token was revoked, or whose session ended unused, to a page that says so (never a login form).
 */
export function getSessionEndRedirect(error: unknown, here: string): string | null {
  if (!(error instanceof ConsoleApiError) || error.status !== 401) return null;
  if (error.code === 'token-revoked') return '/display/revoked';
  if (error.code === 'display-expired') return '/display/revoked?reason=expired';
  return `/login?next=${encodeURIComponent(here)}`;
}
