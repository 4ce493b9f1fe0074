import type { Conditions } from '../conditions';
import type { Estate } from '../estate';
import { sendJson, type Route } from '../router';
import { pmsVendors, type PmsVendor } from '../topology';

/**
 * The connectors' PMS API tokens: `GET …/pms/{vendor}/token` says whether the token they hold is
 * valid, `POST …/pms/{vendor}/refresh-token` gets a new one; under pms-token-expired refreshing
 * mews's is a resolution of the scenario (kube/resolutions.ts).
 */

const BASE = '/services/connectors/admin/pms';
/** A token's lifetime; the connectors renew a valid one before it lapses. */
export const PMS_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

interface TokenState {
  expired: boolean;
  /** When it expired, or when the valid token was issued. */
  atMs: number;
}

/** Each vendor's token: issued at the scenario's start (a switch forgets refreshes), expired where the conditions say so. */
function trackTokens(estate: Estate) {
  const tokens = new Map<PmsVendor, TokenState>();
  const note = (c: Conditions, atMs: number, all: boolean) => {
    for (const vendor of pmsVendors) {
      const expired = c.pmsTokenExpired.includes(vendor);
      if (all || tokens.get(vendor)?.expired !== expired) tokens.set(vendor, { expired, atMs });
    }
  };
  const start = () => note(estate.getConditions(), estate.getScenario().sinceMs, true);
  start();
  estate.onScenarioChange(start);
  estate.onRemedied((c, atMs) => note(c, atMs, false));
  return {
    get: (vendor: PmsVendor): TokenState => tokens.get(vendor) ?? { expired: false, atMs: estate.getScenario().sinceMs },
    issue(vendor: PmsVendor, atMs: number) {
      if (!tokens.get(vendor)?.expired) tokens.set(vendor, { expired: false, atMs });
    },
  };
}

export function createPmsTokenRoutes(estate: Estate, now: () => number): Route[] {
  const tokens = trackTokens(estate);
  const describe = (vendor: PmsVendor) => {
    const { expired, atMs } = tokens.get(vendor);
    // A valid token runs to the end of its current lifetime (renewed every PMS_TOKEN_LIFETIME_MS since issue).
    const expiresAtMs = expired ? atMs : atMs + (Math.floor(Math.max(0, now() - atMs) / PMS_TOKEN_LIFETIME_MS) + 1) * PMS_TOKEN_LIFETIME_MS;
    // The token's state, never the token: a real connectors service must not hand its credential to the console.
    return { vendor, tokenState: expired ? 'expired' : 'valid', expiresAt: new Date(expiresAtMs).toISOString() };
  };
  const find = (name: string | undefined) => pmsVendors.find((v) => v === name);
  const unknown = (name: string | undefined) => ({ error: `unknown PMS vendor "${name ?? ''}"`, vendors: pmsVendors });
  return [
    {
      method: 'GET',
      path: `${BASE}/:vendor/token`,
      handle: ({ res, params }) => {
        const vendor = find(params.vendor);
        if (!vendor) return sendJson(res, 404, unknown(params.vendor));
        sendJson(res, 200, describe(vendor));
      },
    },
    {
      method: 'POST',
      path: `${BASE}/:vendor/refresh-token`,
      handle: ({ res, params }) => {
        const vendor = find(params.vendor);
        if (!vendor) return sendJson(res, 404, unknown(params.vendor));
        estate.remediate({ kind: 'admin-post', service: 'connectors', path: `/admin/pms/${vendor}/refresh-token` });
        tokens.issue(vendor, now());
        sendJson(res, 200, describe(vendor));
      },
    },
  ];
}
