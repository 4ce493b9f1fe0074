import 'server-only';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Env } from '@/lib/env';
import { checkAddress, parseIPv4, parseIPv6 } from '@/lib/pms/address-policy';
import { classifyAnswer, formatTimeout, parseHealthBody, type PmsProbeResult } from '@/lib/pms/health-result';
import { getConsoleMetrics } from '../console-metrics';

export const PMS_UPSTREAM = 'pms';

export type PmsSettings = {
  vendors: { vendor: string; url: string }[];
  timeoutMs: number;
  maxBodyBytes: number;
  allowPrivate: boolean;
  intervalMs: number;
};

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a hostname resolves to (injectable so tests need no network). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export function pmsSettingsFromEnv(env: Env): PmsSettings {
  return {
    vendors: env.PMS_HEALTH_URLS.map(({ name, url }) => ({ vendor: name, url })),
    timeoutMs: env.PMS_TIMEOUT_MS,
    maxBodyBytes: env.PMS_MAX_BODY_BYTES,
    allowPrivate: env.PMS_ALLOW_PRIVATE_TARGETS,
    intervalMs: env.PMS_PROBE_INTERVAL_MS,
  };
}

const systemResolver: Resolver = async (hostname) => {
  const all = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A failure that ends the probe with a message for the panel. */
class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly outcome: 'error' | 'timeout' = 'error',
  ) {
    super(message);
  }
}

function literalAddress(hostname: string): ResolvedAddress | null {
  if (parseIPv4(hostname)) return { address: hostname, family: 4 };
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (parseIPv6(bare)) return { address: bare, family: 6 };
  return null;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** Resolves the host and checks every address; the first one is where the connection will go. */
async function pinAddress(url: URL, settings: PmsSettings, resolve: Resolver, signal: AbortSignal): Promise<ResolvedAddress> {
  const literal = literalAddress(url.hostname);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = await Promise.race([resolve(url.hostname), rejectOnAbort(signal)]);
    } catch (error) {
      if (signal.aborted) throw error;
      const code = (error as { code?: string }).code;
      throw new ProbeFailure(code === 'ENOTFOUND' || code === 'ENODATA' ? `host ${url.hostname} not found` : `cannot resolve ${url.hostname}: ${code ?? (error as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new ProbeFailure(`host ${url.hostname} not found`);
  // Every address must pass: a name with one public and one internal address is refused outright.
  for (const { address } of addresses) {
    const verdict = checkAddress(address, { allowPrivate: settings.allowPrivate });
    if (!verdict.allowed) throw new ProbeFailure(verdict.reason);
  }
  return addresses[0]!;
}

type RawAnswer = { status: number; location?: string; body: string; truncated: boolean };

/**
 * One GET to `url`, connecting only to `pinned` (the address that was checked): Node's `lookup`
 * hook answers the socket's name resolution with it, while the Host header, TLS SNI and the
 * certificate check still use the hostname. Nothing is followed; the body is read up to the cap.
 */
function get(url: URL, pinned: ResolvedAddress, maxBodyBytes: number, signal: AbortSignal): Promise<RawAnswer> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<RawAnswer>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json, */*;q=0.5', 'user-agent': 'voicehive-ops-pms-probe' },
        lookup,
        agent: false,
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const location = typeof response.headers.location === 'string' ? response.headers.location : undefined;
        if (status >= 300 && status < 400) {
          response.destroy();
          resolve({ status, location, body: '', truncated: false });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () => resolve({ status, location, body: Buffer.concat(chunks).toString('utf8'), truncated });
        response.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = maxBodyBytes - size;
          if (chunk.byteLength > room) {
            // Keep what fits, stop reading: the rest never reaches memory.
            chunks.push(chunk.subarray(0, room));
            size = maxBodyBytes;
            truncated = true;
            response.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
          size += chunk.byteLength;
        });
        response.on('end', finish);
        response.on('error', (error) => {
          if (!truncated) reject(error);
        });
        response.on('aborted', () => {
          if (!truncated) reject(signal.aborted ? signal.reason : new Error('the connection closed before the answer was complete'));
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function describeFailure(error: unknown, timeoutMs: number, signal: AbortSignal): ProbeFailure {
  if (error instanceof ProbeFailure) return error;
  if (signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
    return new ProbeFailure(`no answer within ${formatTimeout(timeoutMs)}`, 'timeout');
  }
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return new ProbeFailure('connection refused');
  if (code === 'ECONNRESET') return new ProbeFailure('connection reset');
  if (code) return new ProbeFailure(`${code}: ${(error as Error).message}`);
  return new ProbeFailure(error instanceof Error ? error.message : String(error));
}

/**
 * Probes one vendor's health URL: DNS-checked and pinned, a timeout over the whole probe, the body
 * capped, a redirect to another origin never followed (a same-origin one at most once, re-checked).
 * Never throws: every failure is a `down` result naming the reason.
 */
export type ProbeDeps = { resolve?: Resolver; now?: () => number };

export async function probeUrl(vendor: string, configuredUrl: string, settings: PmsSettings, deps: ProbeDeps = {}): Promise<PmsProbeResult> {
  const resolve = deps.resolve ?? systemResolver;
  const metrics = getConsoleMetrics();
  const stopTimer = metrics.upstreamDuration.startTimer({ upstream: PMS_UPSTREAM });
  const started = performance.now();
  const checkedAt = (deps.now ?? Date.now)();
  const signal = AbortSignal.timeout(settings.timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    let url = new URL(configuredUrl);
    let answer: RawAnswer | undefined;
    for (let hop = 0; ; hop++) {
      const pinned = await pinAddress(url, settings, resolve, signal);
      answer = await get(url, pinned, settings.maxBodyBytes, signal);
      if (answer.status < 300 || answer.status >= 400) break;
      if (!answer.location) break; // a 3xx without a Location: judged as what it is (not a 2xx, so down)
      let next: URL;
      try {
        next = new URL(answer.location, url);
      } catch {
        throw new ProbeFailure(`HTTP ${answer.status} redirect to an invalid location; not followed`);
      }
      if (next.origin !== url.origin) {
        throw new ProbeFailure(`HTTP ${answer.status} redirect to another host (${next.origin}); not followed`);
      }
      if (hop >= 1) throw new ProbeFailure(`HTTP ${answer.status}: redirected more than once; not followed`);
      url = next;
    }
    const latencyMs = elapsed();
    const { bodyStatus, components } = parseHealthBody(answer.body);
    const verdict = classifyAnswer({ httpStatus: answer.status, latencyMs, timeoutMs: settings.timeoutMs, bodyStatus });
    metrics.upstreamRequests.inc({ upstream: PMS_UPSTREAM, outcome: verdict.state === 'down' ? 'error' : 'ok' });
    return {
      vendor,
      state: verdict.state,
      httpStatus: answer.status,
      latencyMs,
      ...(bodyStatus !== undefined ? { bodyStatus } : {}),
      ...(components !== undefined ? { components } : {}),
      ...(verdict.error ? { error: verdict.error } : {}),
      ...(verdict.note ? { note: verdict.note } : {}),
      checkedAt,
      ...(answer.truncated ? { truncated: true } : {}),
    };
  } catch (error) {
    const failure = describeFailure(error, settings.timeoutMs, signal);
    metrics.upstreamRequests.inc({ upstream: PMS_UPSTREAM, outcome: failure.outcome });
    return { vendor, state: 'down', httpStatus: null, latencyMs: elapsed(), error: failure.message, checkedAt };
  } finally {
    stopTimer();
  }
}
