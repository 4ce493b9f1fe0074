import type { Conditions } from '../conditions';
import type { Estate } from '../estate';
import { sendJson, type Route } from '../router';
import { pmsVendors, type PmsVendor } from '../topology';

/**
 * One health endpoint per PMS vendor, as the console's pms-vendors panel probes them:
 * `GET /pms/{vendor}/health`, no auth. The answer follows the vendor's `pmsFailure` in the estate's
 * current conditions (the ones the metrics are drawn from, remedies included), judged by the same
 * ratio the pms-connection rules use: (errors + timeouts) / requests.
 */
export type PmsComponentStatus = 'ok' | 'degraded' | 'down';
export interface PmsHealthBody {
  status: PmsComponentStatus;
  components: { api: PmsComponentStatus; auth: PmsComponentStatus; database: PmsComponentStatus };
}

/** Over this failure ratio the vendor is degraded; the pms-connection P1 line (> 5 %). */
export const PMS_DEGRADED_RATIO = 0.05;
/** At or over this failure ratio the vendor is down (pms-outage's apaleo: 40 %). */
export const PMS_DOWN_RATIO = 0.3;
/** How long a down vendor whose failures are mostly timeouts takes to answer, by default. */
export const DEFAULT_PMS_HANG_MS = 15_000;

export type PmsHealthVerdict = { kind: 'ok' | 'degraded' | 'down' } | { kind: 'hang' };

/** ok ≤ 5 % failing < degraded < 30 % ≤ down; a down vendor failing mostly by timeouts hangs. */
export function judgePmsVendor(failure: Conditions['pmsFailure'][PmsVendor]): PmsHealthVerdict {
  const ratio = failure.error + failure.timeout;
  if (ratio <= PMS_DEGRADED_RATIO) return { kind: 'ok' };
  if (ratio < PMS_DOWN_RATIO) return { kind: 'degraded' };
  return failure.timeout > failure.error ? { kind: 'hang' } : { kind: 'down' };
}

const body = (status: PmsComponentStatus): PmsHealthBody => ({ status, components: { api: status, auth: 'ok', database: 'ok' } });

export interface PmsHealthOptions {
  /** Delay before a timing-out vendor answers (503 down); default 15 s. */
  hangMs?: number;
}

export function createPmsHealthRoutes(estate: Pick<Estate, 'getConditions'>, { hangMs = DEFAULT_PMS_HANG_MS }: PmsHealthOptions = {}): Route[] {
  return [
    {
      method: 'GET',
      path: '/pms/:vendor/health',
      handle: ({ res, params }) => {
        const vendor = pmsVendors.find((v) => v === params.vendor);
        if (!vendor) return sendJson(res, 404, { error: `unknown PMS vendor "${params.vendor ?? ''}"`, vendors: pmsVendors });
        const verdict = judgePmsVendor(estate.getConditions().pmsFailure[vendor]);
        if (verdict.kind === 'ok' || verdict.kind === 'degraded') return sendJson(res, 200, body(verdict.kind));
        if (verdict.kind === 'down') return sendJson(res, 503, body('down'));
        // Timing out: answer (late) only if the client is still there; an abort clears the timer.
        const timer = setTimeout(() => {
          if (!res.destroyed && !res.writableEnded) sendJson(res, 503, body('down'));
        }, hangMs);
        res.on('close', () => clearTimeout(timer));
      },
    },
  ];
}
