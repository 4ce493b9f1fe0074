import { findDisplayEndPage } from '@/lib/auth/display-ends';

/** What the console answered to a display's token exchange (POST /api/auth/display), or that it did not answer. */
export type ExchangeAnswer = { kind: 'no-answer' } | { kind: 'http'; status: number; code?: string; message?: string };

export type ExchangeStep =
  | { kind: 'go'; to: string }
  | { kind: 'retry'; reason: string }
  | { kind: 'fail'; message: string };

/**
 * What the sign-in page does next. No answer or a 5xx is passing (a TV that powers on before its network
 * is up, a console restarting behind its proxy): try again, with the token kept in memory, for as long
 * as it takes. A 4xx answers the same way every time (a wrong, expired or revoked token): say so and stop.
 */
export function decideExchangeStep(answer: ExchangeAnswer, target: string): ExchangeStep {
  if (answer.kind === 'no-answer') return { kind: 'retry', reason: 'no answer' };
  const { status, code, message } = answer;
  if (status >= 200 && status < 300) return { kind: 'go', to: target };
  if (code === 'token-revoked' || code === 'token-expired') return { kind: 'go', to: findDisplayEndPage(code)! };
  if (status >= 500) return { kind: 'retry', reason: `HTTP ${status}` };
  return { kind: 'fail', message: message ?? `The console refused this display (HTTP ${status}).` };
}

/** "retrying in 4 s": whole seconds still to wait, never 0 while a retry is pending. */
export function countRetrySeconds(retryAt: number, now: number): number {
  return Math.max(1, Math.ceil((retryAt - now) / 1000));
}
