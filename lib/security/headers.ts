// The security headers every page and route answers with (set by proxy.ts, per request).
//
// Scripts: only those carrying this response's nonce ('strict-dynamic' lets them load the chunks they
// import); Next.js puts the nonce on every script it writes once it finds it in the request's CSP.
// Styles: stylesheets from the console itself, and <style> elements only with the nonce. Style
// *attributes* are allowed (style-src-attr 'unsafe-inline'): React writes its `style` props into the
// server-rendered HTML as attributes (the charts' sizes, the NOC grid's tracks and colours), a nonce
// cannot cover an attribute, and an attribute can neither run script nor hold a selector, so it cannot
// read the page (the CSS-injection attacks need <style> or stylesheets, which stay locked).
// Nothing may frame the console (frame-ancestors, and X-Frame-Options for older browsers), every fetch
// goes to the console itself (connect-src), and no plugin, <base> or foreign form target.

export type SecurityHeaderOptions = {
  /** A page (HTML, with Next.js's scripts) or a route handler (JSON). */
  kind: 'page' | 'api';
  /** This response's nonce (pages only). */
  nonce: string | null;
  /** HSTS and upgrade-insecure-requests only when the console is served over https. */
  consoleUrl: string;
  /** `next dev`: React needs eval for its error stacks there (never in production). */
  dev: boolean;
};

// Features the console never uses are off; it may go full screen (a NOC wall), copy a link, and play its alert tone.
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), midi=(), display-capture=(), fullscreen=(self), clipboard-write=(self), autoplay=(self)';

function buildPageCsp(nonce: string, https: boolean, dev: boolean): string[] {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
}

// A JSON answer is data, never a document: nothing in it may load, run or be framed.
const API_CSP = ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"];

export type SecurityHeaders = Record<'Content-Security-Policy' | 'X-Frame-Options' | 'X-Content-Type-Options' | 'Referrer-Policy' | 'Permissions-Policy' | 'Cross-Origin-Opener-Policy', string> & {
  'Strict-Transport-Security'?: string;
};

export function buildSecurityHeaders({ kind, nonce, consoleUrl, dev }: SecurityHeaderOptions): SecurityHeaders {
  const https = new URL(consoleUrl).protocol === 'https:';
  const csp = kind === 'page' && nonce ? buildPageCsp(nonce, https, dev) : API_CSP;
  return {
    'Content-Security-Policy': csp.join('; '),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // The full URL to the console itself (and its Origin on writes, which the same-origin check needs), nothing to other sites.
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
