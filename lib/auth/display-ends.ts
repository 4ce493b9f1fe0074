import type { ApiErrorCode } from '@/lib/api/errors';

/**
 * Why a display's session no longer shows anything, and what the screen says: each has its own error code
 * (the browser's hint) and its own page. A display is never sent to a login form it cannot use.
 */
export type DisplayEndStatus = 'display-revoked' | 'display-expired' | 'display-replaced' | 'display-token-expired';

export const displayEnds: Record<DisplayEndStatus, { code: ApiErrorCode; reason: string; message: string; title: string; body: string }> = {
  'display-revoked': {
    code: 'token-revoked',
    reason: 'revoked',
    message: 'This display token was revoked. Ask an admin for a new display link.',
    title: "This display's token was revoked",
    body: 'It no longer shows estate status. An admin can create a new display link under Display tokens.',
  },
  'display-expired': {
    code: 'display-expired',
    reason: 'expired',
    message: "This display's session ended after a long time unused. Open its display link again.",
    title: "This display's session ended",
    body: 'It was unused for a long time (DISPLAY_SESSION_IDLE_TIMEOUT). Open its display link again, or ask an admin for a new one.',
  },
  'display-replaced': {
    code: 'display-replaced',
    reason: 'replaced',
    message: 'Another screen now uses this display token, or an admin rotated it. Ask an admin for the current display link.',
    title: 'This display was signed out',
    body: 'Another screen now uses its token, or an admin rotated the token. An admin can hand out the current link under Display tokens.',
  },
  'display-token-expired': {
    code: 'token-expired',
    reason: 'token-expired',
    message: "This display's token expired. Ask an admin for a new display link.",
    title: "This display's token expired",
    body: 'Its token was made to last a limited time. An admin can rotate it, or create a new one, under Display tokens.',
  },
};

/** The page a display is sent to when a request says its session ended (by the answer's error code). */
export function findDisplayEndPage(code: string | undefined): string | null {
  const end = Object.values(displayEnds).find((e) => e.code === code);
  if (!end) return null;
  return end.reason === 'revoked' ? '/display/revoked' : `/display/revoked?reason=${end.reason}`;
}

/** What /display/revoked says for `?reason=`. */
export function findDisplayEndText(reason: string | undefined): { title: string; body: string } {
  return Object.values(displayEnds).find((e) => e.reason === reason) ?? displayEnds['display-revoked'];
}
