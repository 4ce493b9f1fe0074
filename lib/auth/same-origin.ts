// Cross-site write protection. SameSite=Lax cookies already stay off cross-site POSTs in current
// browsers; this is the second lock, and the one that also covers same-site sibling hosts.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isWriteMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Why a write must be refused, or null when it comes from one of the console's own pages. */
export function checkSameOrigin(request: { method: string; origin: string | null; secFetchSite: string | null }, allowedOrigins: readonly string[]): string | null {
  if (!isWriteMethod(request.method)) return null;
  if (request.secFetchSite && request.secFetchSite !== 'same-origin') return `the browser marked it ${request.secFetchSite}`;
  if (!request.origin) return 'it has no Origin header';
  if (request.origin === 'null') return 'its Origin is null (a sandboxed or privacy-sensitive context)';
  if (!allowedOrigins.includes(request.origin)) return `its Origin ${request.origin} is not this console`;
  return null;
}
