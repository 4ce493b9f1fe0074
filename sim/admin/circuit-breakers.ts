import type { Conditions } from '../conditions';
import type { Estate } from '../estate';
import { sendJson, type Route } from '../router';
import { breakers, type Breaker } from '../topology';

/**
 * The orchestrator's circuit breakers: `GET …/circuit-breakers/{name}` reads one (the state
 * `voicehive_circuit_breaker_state` exports), `POST …/{name}/reset` closes it; under
 * circuit-breaker-open the reset is a resolution of the scenario (kube/resolutions.ts).
 */

const BASE = '/services/orchestrator/admin/circuit-breakers';
const STATE_NAMES = ['closed', 'half-open', 'open'] as const;

/** Since when each breaker has been in its state: the scenario's start, or the remedy that changed it. */
function trackBreakers(estate: Estate): (breaker: Breaker) => number {
  const since = new Map<Breaker, { state: number; atMs: number }>();
  const note = (c: Conditions, atMs: number, all: boolean) => {
    for (const breaker of breakers) {
      if (all || since.get(breaker)?.state !== c.breakers[breaker]) since.set(breaker, { state: c.breakers[breaker], atMs });
    }
  };
  const start = () => note(estate.getConditions(), estate.getScenario().sinceMs, true);
  start();
  estate.onScenarioChange(start);
  estate.onRemedied((c, atMs) => note(c, atMs, false));
  return (breaker) => since.get(breaker)?.atMs ?? estate.getScenario().sinceMs;
}

export function createBreakerRoutes(estate: Estate): Route[] {
  const sinceOf = trackBreakers(estate);
  const stateOf = (breaker: Breaker) => STATE_NAMES[estate.getConditions().breakers[breaker]];
  const find = (name: string | undefined) => breakers.find((b) => b === name);
  const unknown = (name: string | undefined) => ({ error: `unknown circuit breaker "${name ?? ''}"`, breakers });
  return [
    {
      method: 'GET',
      path: `${BASE}/:name`,
      handle: ({ res, params }) => {
        const breaker = find(params.name);
        if (!breaker) return sendJson(res, 404, unknown(params.name));
        sendJson(res, 200, { name: breaker, state: stateOf(breaker), since: new Date(sinceOf(breaker)).toISOString() });
      },
    },
    {
      method: 'POST',
      path: `${BASE}/:name/reset`,
      handle: ({ res, params }) => {
        const breaker = find(params.name);
        if (!breaker) return sendJson(res, 404, unknown(params.name));
        const previous = stateOf(breaker);
        estate.remediate({ kind: 'admin-post', service: 'orchestrator', path: `/admin/circuit-breakers/${breaker}/reset` });
        sendJson(res, 200, { name: breaker, state: stateOf(breaker), previous });
      },
    },
  ];
}
