import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { buildSecurityHeaders } from '@/lib/security/headers';

/**
 * Security headers on every page and route (lib/security/headers.ts), with a fresh nonce per page request.
 * Next.js finds the nonce in the request's Content-Security-Policy and puts it on every script it writes
 * (pages are rendered per request: the root layout asks for the connection).
 * This is not an access control: every page and handler authorizes itself (a proxy can be skipped).
 */
export function proxy(request: NextRequest) {
  const kind = request.nextUrl.pathname.startsWith('/api/') ? 'api' : 'page';
  if (kind === 'api') return withHeaders(NextResponse.next(), apiHeaders());
  const nonce = kind === 'page' ? Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64') : null;
  const headers = buildSecurityHeaders({ kind, nonce, consoleUrl: getEnv().CONSOLE_URL, dev: process.env.NODE_ENV === 'development' });
  const forwarded = new Headers(request.headers);
  forwarded.delete('x-nonce');
  if (nonce) {
    forwarded.set('x-nonce', nonce);
    forwarded.set('content-security-policy', headers['Content-Security-Policy']);
  }
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers);
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// A route handler's headers have no nonce and never change: built once, not on every poll of every viewer (issue 16),
// and its request goes on as it came (nothing to forward: the nonce is for pages only).
let api: Record<string, string> | undefined;
function apiHeaders(): Record<string, string> {
  api ??= buildSecurityHeaders({ kind: 'api', nonce: null, consoleUrl: getEnv().CONSOLE_URL, dev: process.env.NODE_ENV === 'development' });
  return api;
}

// Every path, static assets included (nosniff and the rest apply to them too).
export const config = { matcher: '/:path*' };
