import { z } from 'zod';
import type { Estate } from './estate';
import { readBody, sendJson, type Route } from './router';
import { describeScenario, findScenario, scenarios } from './scenarios';

export const scenarioRequestSchema = z.object({ id: z.string().min(1) });

/** The scenario as GET/PUT /scenario return it. */
export function describeCurrentScenario(estate: Estate) {
  const { id, sinceMs } = estate.getScenario();
  return { current: id, since: new Date(sinceMs).toISOString(), scenarios: scenarios.map(describeScenario) };
}

/**
 * GET /scenario shows the current scenario and the list; PUT /scenario {"id": "..."} switches.
 * A bad request changes nothing and says which field is wrong.
 */
export function createScenarioRoutes(estate: Estate): Route[] {
  return [
    { method: 'GET', path: '/scenario', handle: ({ res }) => sendJson(res, 200, describeCurrentScenario(estate)) },
    {
      method: 'PUT',
      path: '/scenario',
      async handle({ req, res }) {
        const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        if (type !== 'application/json') {
          return sendJson(res, 415, { error: 'send the body as application/json, e.g. {"id":"healthy"}', field: 'content-type' });
        }
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          return sendJson(res, 400, { error: `body is not valid JSON: ${error.message}`, field: 'body' });
        }
        const parsed = scenarioRequestSchema.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.length ? issue.path.join('.') : 'body';
          return sendJson(res, 400, { error: issue ? `${field}: ${issue.message}` : 'invalid body', field });
        }
        if (!findScenario(parsed.data.id)) {
          return sendJson(res, 400, { error: `unknown scenario "${parsed.data.id}"; one of: ${scenarios.map((s) => s.id).join(', ')}`, field: 'id' });
        }
        estate.setScenario(parsed.data.id);
        sendJson(res, 200, describeCurrentScenario(estate));
      },
    },
  ];
}
