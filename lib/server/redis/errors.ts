import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { UpstreamError } from '../upstream-error';

export const REDIS_UPSTREAM = 'redis';

export type RedisErrorCode = 'not-configured' | 'unreachable' | 'timeout' | 'auth' | 'command';

/** A Redis call that did not work; the message names Redis and its `host:port[/db]`, never the credentials. */
export class RedisError extends UpstreamError {
  constructor(
    readonly code: RedisErrorCode,
    label: string,
    message: string,
  ) {
    super(REDIS_UPSTREAM, label, null, message);
    // UpstreamError prefixes "redis: "; the message already starts with "Redis (host:port)", which says it better.
    this.message = message;
    this.name = 'RedisError';
  }

  toApiError(): ApiError {
    return new ApiError(this.code === 'not-configured' ? 'unavailable' : 'upstream', this.message);
  }
}

/** What was being done when it failed, and what the connection had reported meanwhile. */
export type FailureContext = {
  label: string;
  timeoutMs: number;
  /** The command's name for "FLUSHDB refused: …". */
  command: string;
  /** The last 'error' event of the current connection attempt (ioredis reports the cause there, not on the command). */
  connectionError: Error | null;
  /** Removes the password from text that is about to be shown or logged. */
  redact: (text: string) => string;
};

/** A password may hold a bare `%` (`p%zz`), which decodeURIComponent refuses: then it is used as written. */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces the URL's password (as written and decoded) with *** in text about to be shown or logged. */
export function createRedactor(url: string): (text: string) => string {
  const written = new URL(url).password;
  // Very short passwords are not searched for: replacing every "a" would garble the message and hide nothing.
  const secrets = [...new Set([written, decodeLeniently(written)])].filter((s) => s.length >= 3);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

export const TIMED_OUT = 'voicehive: redis deadline';

const codeOf = (error: Error) => (error as Error & { code?: unknown }).code;
const isReply = (error: Error) => error.name === 'ReplyError';
const isAuthReply = (error: Error) => isReply(error) && /^(WRONGPASS|NOAUTH)|invalid password|invalid username-password/i.test(error.message);
// ioredis's own words when it gave up on a connection: the cause, if any, came as an 'error' event.
const isConnectionLoss = (error: Error) => /Connection is closed|Stream isn't writeable|max retries per request|Ready check failed/i.test(error.message);

function describeNetwork(error: Error, timeoutMs: number): { code: RedisErrorCode; text: string } {
  const code = codeOf(error);
  if (code === 'ETIMEDOUT' || /timed out/i.test(error.message)) return { code: 'timeout', text: `no answer within ${timeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { code: 'unreachable', text: 'connection refused' };
  if (code === 'ECONNRESET') return { code: 'unreachable', text: 'connection reset' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'unreachable', text: `host not found (${code})` };
  return { code: 'unreachable', text: typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message };
}

/** Turns whatever ioredis threw (or our own deadline) into a RedisError with words an on-call engineer can act on. */
export function toRedisError(error: unknown, context: FailureContext): RedisError {
  if (error instanceof RedisError) return error;
  const { label, timeoutMs, command, connectionError, redact } = context;
  const make = (code: RedisErrorCode, text: string) => new RedisError(code, label, redact(`Redis (${label}): ${text}`));
  if (!(error instanceof Error)) return make('unreachable', String(error));
  if (error.message === TIMED_OUT || error.message === 'Command timed out') return make('timeout', `no answer within ${timeoutMs} ms`);
  if (isAuthReply(error)) return make('auth', `authentication failed (${error.message.trim()})`);
  if (isReply(error)) return make('command', `${command} refused: ${error.message.trim()}`);
  const cause = isConnectionLoss(error) && connectionError ? connectionError : error;
  if (isAuthReply(cause)) return make('auth', `authentication failed (${cause.message.trim()})`);
  if (cause === error && isConnectionLoss(error)) return make('unreachable', 'the connection closed before an answer');
  const { code, text } = describeNetwork(cause, timeoutMs);
  return make(code, text);
}
