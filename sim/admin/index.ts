import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Estate } from '../estate';
import { createRouter, hasBearerToken, sendJson } from '../router';
import { createBreakerRoutes } from './circuit-breakers';
import { createPmsTokenRoutes } from './pms-tokens';

/**
 * The services' admin endpoints, as the console's http-post actions call them
 * (`SERVICE_ADMIN_URLS=orchestrator=<sim>/services/orchestrator,connectors=<sim>/services/connectors`):
 * the orchestrator's circuit breakers and the connectors' PMS tokens. A POST is reported to the estate
 * as a remedy, so a scenario heals through the same request the console's button sends.
 */

export const DEFAULT_ADMIN_TOKEN = 'voicehive-sim-admin-token';

export const isAdminPath = (pathname: string): boolean => pathname === '/services' || pathname.startsWith('/services/');

export interface AdminOptions {
  /** The bearer token every request must carry (default `voicehive-sim-admin-token`). */
  token?: string;
  now?: () => number;
}

/** Serves one request under /services: 401 without the token (on every path, as an admin API behind auth), then the routes. */
export function createAdminHandler(estate: Estate, { token = DEFAULT_ADMIN_TOKEN, now = Date.now }: AdminOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const route = createRouter([...createBreakerRoutes(estate), ...createPmsTokenRoutes(estate, now)]);
  return (req, res) => {
    if (!hasBearerToken(req, token)) return sendJson(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer realm="voicehive-admin"' });
    route(req, res); // a POST's body (the console sends {}) is never read: these endpoints take none
  };
}
