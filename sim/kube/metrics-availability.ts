import { z } from 'zod';
import { readBody, sendJson, type Route } from '../router';

/**
 * Whether metrics.k8s.io is there, as an aggregated API can be: served (metrics-server answers),
 * absent (no APIService: kube-apiserver's not-found handler answers every path under the group with
 * Go's plain-text 404) or down (registered, its backend not answering: the aggregator's plain-text 503).
 */

export const metricsApiStates = ['served', 'absent', 'down'] as const;
export type MetricsApiState = (typeof metricsApiStates)[number];

export type PlainAnswer = { code: number; text: string; contentType: string };

const GROUP = '/apis/metrics.k8s.io';
const plain = (code: number, text: string): PlainAnswer => ({ code, text, contentType: 'text/plain; charset=utf-8' });

const apiGroup = {
  kind: 'APIGroup',
  apiVersion: 'v1',
  name: 'metrics.k8s.io',
  versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
  preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
};
const resourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'metrics.k8s.io/v1beta1',
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};

/** The answer for a path under metrics.k8s.io that the API's state decides (null: let the handler serve it). */
export function answerForMetricsApi(state: MetricsApiState, pathname: string): PlainAnswer | { code: number; body: unknown } | null {
  const path = pathname.replace(/\/+$/, '');
  if (path !== GROUP && !path.startsWith(`${GROUP}/`)) return null;
  if (state === 'absent') return plain(404, '404 page not found\n');
  if (state === 'down') return plain(503, 'service unavailable\n');
  if (path === GROUP) return { code: 200, body: apiGroup };
  if (path === `${GROUP}/v1beta1`) return { code: 200, body: resourceList };
  return null;
}

const stateRequest = z.object({ state: z.enum(metricsApiStates) });

/** GET/PUT /kube-faults/metrics-api {"state": "served"|"absent"|"down"}: the simulator's switch, beside /scenario. */
export function createKubeFaultRoutes(metricsApi: { get(): MetricsApiState; set(state: MetricsApiState): void }): Route[] {
  return [
    { method: 'GET', path: '/kube-faults/metrics-api', handle: ({ res }) => sendJson(res, 200, { state: metricsApi.get(), states: metricsApiStates }) },
    {
      method: 'PUT',
      path: '/kube-faults/metrics-api',
      async handle({ req, res }) {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          return sendJson(res, 400, { error: `body is not valid JSON: ${error.message}`, field: 'body' });
        }
        const parsed = stateRequest.safeParse(body);
        if (!parsed.success) return sendJson(res, 400, { error: `state: one of ${metricsApiStates.join(', ')}`, field: 'state' });
        metricsApi.set(parsed.data.state);
        sendJson(res, 200, { state: metricsApi.get(), states: metricsApiStates });
      },
    },
  ];
}
