import 'server-only';
import { NextResponse } from 'next/server';
import { toErrorBody, type ApiError } from '@/lib/api/errors';
import { KubernetesError, toApiError } from './kubernetes/errors';
import { storeUnavailable } from './store/store-errors';

const noStore = { 'cache-control': 'no-store' };

export function respondJson(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: noStore });
}

/** An upstream adapter's typed error that knows its HTTP meaning (Redis, service admin endpoints …). */
type MapsToApiError = { toApiError(): ApiError };
const mapsToApiError = (error: unknown): error is MapsToApiError => error instanceof Error && typeof (error as Partial<MapsToApiError>).toApiError === 'function';

/** The one place a thrown error becomes an HTTP answer; unexpected ones are logged, never shown. */
export function respondError(error: unknown): NextResponse {
  // An upstream's typed error keeps its meaning (404, 409, 502 naming the upstream …) instead of becoming a 500.
  // The store not answering (after it was opened) is a 503 naming it, as for any other upstream.
  const mapped = error instanceof KubernetesError ? toApiError(error) : mapsToApiError(error) ? error.toApiError() : (storeUnavailable(error) ?? error);
  const { status, body } = toErrorBody(mapped);
  // Upstream failures are answered with their cause and shown on the page; only our own bugs are logged.
  if (status === 500) console.error('[api]', error);
  return NextResponse.json(body, { status, headers: noStore });
}
