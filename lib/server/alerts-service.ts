import 'server-only';
import { recordAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import type { Store } from '@/lib/server/store/open-store';
import { matchAlertToSection } from '@/lib/alerts/match';
import { summarizeAlertsBySection } from '@/lib/alerts/present';
import { getAlerts } from './alertmanager';
import { getCatalog } from './catalog';

type Context = { store: Store; actor: Actor };
/** The section an acknowledged alert belongs to, so the audit record shows on that section's incident timeline. */
const sectionOfAlert = (labels: Record<string, string>) => matchAlertToSection(labels, {}, new Set(getCatalog().byId.keys()));
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The active alerts with their sections and acknowledgements, and what this console can do with them. A NOC
 * display gets what its tiles show (per section: how many, who acknowledged), not the alerts' labels and comments.
 */
export async function listConsoleAlerts(forDisplay: boolean) {
  const client = getAlerts();
  const { alerts, ...read } = await client.getConsoleAlerts(new Set(getCatalog().byId.keys()));
  const settings = { canAcknowledge: client.canAcknowledge, ackDefaultMs: client.ackDefaultMs, ackMaxMs: client.ackMaxMs };
  return { ...read, ...settings, bySection: summarizeAlertsBySection(alerts), ...(forDisplay ? {} : { alerts }) };
}

/** A refusal before the adapter is asked (a malformed fingerprint, silence id or body) is an attempt too. */
export async function auditRefusedAck(context: Context, action: 'alert.ack' | 'alert.unack', target: string, error: unknown): Promise<void> {
  await recordAudit(context.store, { ...context.actor, action, target: `alert ${target.slice(0, 80)}`, outcome: 'denied', detail: { error: messageOf(error) } });
}

/** Acknowledges an alert as the signed-in person (the silence's createdBy); every attempt is audited. */
export async function acknowledgeAlert(context: Context, input: { fingerprint: string; comment: string; durationMinutes: number }) {
  const target = `alert ${input.fingerprint}`;
  try {
    const ack = await getAlerts().acknowledgeAlert({ fingerprint: input.fingerprint, by: context.actor.actor, comment: input.comment, durationMs: input.durationMinutes * 60_000 });
    await recordAudit(context.store, { ...context.actor, action: 'alert.ack', target: `alert ${ack.alert.name} (${input.fingerprint})`, section: sectionOfAlert(ack.alert.labels), outcome: 'success', detail: { labels: ack.alert.labels, silenceId: ack.silenceId, comment: ack.comment, until: ack.until } });
    return ack;
  } catch (error) {
    await recordAudit(context.store, { ...context.actor, action: 'alert.ack', target, outcome: 'failure', detail: { comment: input.comment, durationMinutes: input.durationMinutes, error: messageOf(error) } });
    throw error;
  }
}

/** Ends an acknowledgement early (expires the silence), audited like the acknowledgement. */
export async function endAcknowledgement(context: Context, input: { fingerprint: string; silenceId: string }) {
  try {
    const ended = await getAlerts().endAcknowledgement(input);
    await recordAudit(context.store, { ...context.actor, action: 'alert.unack', target: `alert ${ended.alert.name} (${input.fingerprint})`, section: sectionOfAlert(ended.alert.labels), outcome: 'success', detail: { silenceId: input.silenceId, acknowledgedBy: ended.by, labels: ended.alert.labels } });
    return ended;
  } catch (error) {
    await recordAudit(context.store, { ...context.actor, action: 'alert.unack', target: `alert ${input.fingerprint}`, outcome: 'failure', detail: { silenceId: input.silenceId, error: messageOf(error) } });
    throw error;
  }
}
