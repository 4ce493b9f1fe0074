import type { Estate } from './estate';
import { sendJson, sendText, type Route } from './router';

/** GET /metrics (the whole estate) and GET /targets/<service>/metrics (one service's build info). */
export function createMetricsRoutes(estate: Estate): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      async handle({ res }) {
        sendText(res, 200, await estate.registry.metrics(), estate.registry.contentType);
      },
    },
    {
      method: 'GET',
      path: '/targets/:service/metrics',
      async handle({ res, params }) {
        const service = params.service ?? '';
        const target = estate.targets.get(service);
        if (!target) return sendJson(res, 404, { error: `no target "${service}"`, targets: [...estate.targets.keys()] });
        if (!estate.isTargetUp(service)) return sendText(res, 503, `${service} is down (scenario "${estate.getScenario().id}")\n`);
        sendText(res, 200, await target.registry.metrics(), target.registry.contentType);
      },
    },
  ];
}
