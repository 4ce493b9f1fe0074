import 'server-only';
import { NextResponse } from 'next/server';
import { toErrorBody } from '@/lib/api/errors';
import { KubernetesError, toApiError } from './kubernetes/errors';

const noStore = { 'cache-control': 'no-store' };

export function respondJson(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: noStore });
}

/** The one place a thrown error becomes an HTTP answer; unexpected ones are logged, never shown. */
export function respondError(error: unknown): NextResponse {
  // An upstream's typed error keeps its meaning (404, 409 …) instead of becoming a 500.
  const { status, body } = toErrorBody(error instanceof KubernetesError ? toApiError(error) : error);
  // Upstream failures are answered with their cause and shown on the page; only our own bugs are logged.
  if (status === 500) console.error('[api]', error);
  return NextResponse.json(body, { status, headers: noStore });
}
