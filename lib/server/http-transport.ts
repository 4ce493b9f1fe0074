import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';

/** One HTTP request to an upstream, bounded by `signal` (connection, answer and body). */
export type HttpRequest = { method: 'GET' | 'POST' | 'DELETE'; url: URL; headers: Record<string, string>; body?: string; signal: AbortSignal };
/** The whole answer, read into memory (never more than the transport's cap). */
export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string };
/**
 * Sends a request and reads the answer. Throws the signal's reason when it fires (a `TimeoutError` for
 * `AbortSignal.timeout`), an AnswerTooLargeError over the cap, and otherwise an Error whose message
 * says what went wrong in words (connection refused, which TLS failure …).
 */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

const formatBytes = (bytes: number) =>
  bytes % 1_048_576 === 0 ? `${bytes / 1_048_576} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;

/** An answer longer than the limit: not read further, since a cut JSON document cannot be parsed. */
export class AnswerTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** The setting that raises the limit, when there is one. */
    readonly setting?: string,
  ) {
    super(`the answer is larger than ${setting ? `${setting} (${formatBytes(limitBytes)})` : formatBytes(limitBytes)}`);
    this.name = 'AnswerTooLargeError';
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

/** Node's network errors in words an on-call engineer can act on; `tlsHint` says which setting fixes a TLS failure. */
function describeNodeFailure(error: unknown, tlsHint: string): string {
  const { code, message } = error instanceof Error ? (error as Error & { code?: string }) : { code: undefined, message: String(error) };
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code && TLS_CODES.test(code)) return `TLS: ${code}: ${message} (${tlsHint})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${code}: the host name does not resolve`;
  return code ? `${code}: ${message}` : message;
}

export type NodeTransportOptions = {
  /** The connection pool for the URL's protocol (an https one carries the CA). */
  agentFor(url: URL): http.Agent;
  maxBodyBytes: number;
  /** Named in the too-large error. */
  limitSetting?: string;
  tlsHint: string;
};

/**
 * An HttpTransport over node:http(s): a keep-alive pool per upstream and a CA of our own without reaching
 * into the fetch implementation's dispatcher (see prometheus-connection.ts), gzip accepted (range answers
 * shrink about tenfold) and the cap counted on the decompressed bytes, so neither a big answer nor a
 * compression bomb reaches memory. Redirects are never followed: the caller sees the 3xx.
 */
export function createNodeTransport(options: NodeTransportOptions): HttpTransport {
  return (request) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const { signal } = request;
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        if (signal.aborted) reject(signal.reason);
        else if (error instanceof AnswerTooLargeError) reject(error);
        else reject(new Error(describeNodeFailure(error, options.tlsHint)));
      };
      const tooLarge = () => new AnswerTooLargeError(options.maxBodyBytes, options.limitSetting);
      const client = request.url.protocol === 'https:' ? https : http;
      let agent: http.Agent;
      try {
        agent = options.agentFor(request.url);
      } catch (error) {
        // A CA file that cannot be read: its message already names the setting.
        settled = true;
        reject(error);
        return;
      }
      const outgoing = client.request(
        request.url,
        { method: request.method, headers: { ...request.headers, 'accept-encoding': 'gzip' }, agent, signal },
        (response) => {
          if (Number(response.headers['content-length']) > options.maxBodyBytes && response.headers['content-encoding'] !== 'gzip') {
            response.destroy();
            fail(tooLarge());
            return;
          }
          const body = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
          if (body !== response) response.on('error', fail);
          const chunks: Buffer[] = [];
          let size = 0;
          body.on('data', (chunk: Buffer) => {
            size += chunk.byteLength;
            if (size > options.maxBodyBytes) {
              response.destroy();
              body.destroy();
              fail(tooLarge());
              return;
            }
            chunks.push(chunk);
          });
          body.on('error', fail);
          body.on('end', () => {
            if (settled) return;
            settled = true;
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
          });
          // A connection cut half-way through the body (or by the signal) ends with 'close' and no 'end'.
          response.on('close', () => {
            if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
          });
        },
      );
      outgoing.on('error', fail);
      outgoing.end(request.body);
    });
}
