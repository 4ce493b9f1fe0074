import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { getEnv } from '@/lib/env';
import type { AudienceId } from '@/lib/incidents/config';
import { appendToTimeline } from '@/lib/incidents/records';
import type { Incident } from '@/lib/incidents/types';
import type { Store } from '@/lib/server/store/open-store';

const TIMEOUT_MS = 3_000;

export type Delivery = { state: 'delivered' | 'failed' | 'not-configured'; detail: string };

/** Posts `{text}` (Slack, Mattermost, Teams incoming webhooks) to a configured URL; never throws. */
export async function postToWebhook(url: string | undefined, text: string): Promise<Delivery> {
  if (!url) return { state: 'not-configured', detail: 'no webhook configured: recorded in the console only' };
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }), redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return response.ok ? { state: 'delivered', detail: `HTTP ${response.status}` } : { state: 'failed', detail: `the webhook answered HTTP ${response.status}` };
  } catch (error) {
    return { state: 'failed', detail: `the webhook could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const urlFor = (list: { name: string; url: string }[], name: string) => list.find((entry) => entry.name === name)?.url;

/**
 * Sends a status update: it is recorded on the timeline first (the incident never waits on a chat tool),
 * then posted to the audience's webhook, and the delivery or its failure is recorded as its own event.
 */
export async function sendCommunication(store: Store, actor: Actor, incident: Incident, audience: AudienceId, text: string, now = Date.now()): Promise<Delivery> {
  await appendToTimeline(store, actor, incident.id, { kind: 'communication', text, data: { audience }, action: 'incident.communication' }, now, { last_update_at: now });
  const delivery = await postToWebhook(urlFor(getEnv().INCIDENT_WEBHOOK_URLS, audience), text);
  await appendToTimeline(store, actor, incident.id, { kind: 'delivery', text: `Update to ${audience}: ${delivery.state} (${delivery.detail})`, data: { audience, ...delivery }, action: 'incident.communication', outcome: delivery.state === 'failed' ? 'failure' : 'success' }, Date.now());
  return delivery;
}

/** Tells an escalation level (its webhook, if configured) and records the delivery on the timeline. */
export async function notifyEscalation(store: Store, actor: Actor, incident: Incident, levelId: string, text: string): Promise<Delivery> {
  const delivery = await postToWebhook(urlFor(getEnv().ESCALATION_WEBHOOK_URLS, levelId), text);
  await appendToTimeline(store, actor, incident.id, { kind: 'delivery', text: `Escalation notice to ${levelId}: ${delivery.state} (${delivery.detail})`, data: { level: levelId, ...delivery }, action: 'incident.escalate', outcome: delivery.state === 'failed' ? 'failure' : 'success' }, Date.now());
  return delivery;
}
