// PMS health results and how an answer is judged. Pure: shared by the server adapter and the panel.

export type PmsState = 'up' | 'degraded' | 'down';

export type PmsComponent = { name: string; status: string };

export type PmsProbeResult = {
  vendor: string;
  state: PmsState;
  /** HTTP status of the (final) answer; null when there was none (timeout, refused target, network error). */
  httpStatus: number | null;
  /** From the start of the probe (DNS included) to the end of the body, or to the failure. */
  latencyMs: number;
  /** `status` of a JSON body, when it had one. */
  bodyStatus?: string;
  /** `components` of a JSON body, when it had them. */
  components?: PmsComponent[];
  /** Why the vendor is down. */
  error?: string;
  /** Why the vendor is degraded (a degraded body status, or a slow answer). */
  note?: string;
  /** Epoch milliseconds. */
  checkedAt: number;
  /** The body was longer than the cap and only its beginning was read. */
  truncated?: boolean;
};

const OK_STATUSES = new Set(['ok', 'up', 'healthy', 'pass', 'passing', 'green', 'operational']);
const DOWN_STATUSES = new Set(['down', 'fail', 'failed', 'failing', 'error', 'unhealthy', 'critical', 'red', 'outage']);
const MAX_COMPONENTS = 50;
const MAX_TEXT = 100;

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

function statusText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return clip(value.trim());
  if (typeof value === 'boolean') return value ? 'ok' : 'down';
  return undefined;
}

/** `components` as a list, from `[{name, status}]`, `{name: status}` or `{name: {status}}`; anything else is ignored. */
export function parseComponents(value: unknown): PmsComponent[] | undefined {
  const out: PmsComponent[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object') {
        const { name, id, status } = item as Record<string, unknown>;
        const label = statusText(name) ?? statusText(id);
        const state = statusText(status);
        if (label && state) out.push({ name: label, status: state });
      }
    }
  } else if (value && typeof value === 'object') {
    for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
      const state = entry && typeof entry === 'object' ? statusText((entry as Record<string, unknown>).status) : statusText(entry);
      if (state) out.push({ name: clip(name), status: state });
    }
  } else {
    return undefined;
  }
  return out.slice(0, MAX_COMPONENTS);
}

/** `status` and `components` of a JSON object body; nothing for any other body (not JSON is fine). */
export function parseHealthBody(text: string): { bodyStatus?: string; components?: PmsComponent[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const bodyStatus = statusText(record.status);
  const components = parseComponents(record.components);
  return { ...(bodyStatus ? { bodyStatus } : {}), ...(components ? { components } : {}) };
}

/** "5 s" for whole seconds, "300 ms" otherwise. */
export function formatTimeout(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Judges an HTTP answer. Healthy (the estate contract) is a 2xx within the timeout; a 2xx whose body
 * says degraded — or anything not recognisably ok — is degraded, a body saying down/fail is down
 * (unknown is not green); a 2xx slower than half the timeout is degraded; any other status is down.
 */
export function classifyAnswer(answer: {
  httpStatus: number;
  latencyMs: number;
  timeoutMs: number;
  bodyStatus?: string;
}): { state: PmsState; error?: string; note?: string } {
  const { httpStatus, latencyMs, timeoutMs, bodyStatus } = answer;
  if (httpStatus < 200 || httpStatus > 299) return { state: 'down', error: `HTTP ${httpStatus}` };
  const status = bodyStatus?.toLowerCase();
  if (status && DOWN_STATUSES.has(status)) return { state: 'down', error: `HTTP ${httpStatus}, but the body says status "${bodyStatus}"` };
  if (status && !OK_STATUSES.has(status)) return { state: 'degraded', note: `the body says status "${bodyStatus}"` };
  if (latencyMs > timeoutMs / 2) return { state: 'degraded', note: `slow: answered in ${Math.round(latencyMs)} ms (over half the ${formatTimeout(timeoutMs)} timeout)` };
  return { state: 'up' };
}
