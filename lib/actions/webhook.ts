import 'server-only';
import { getEnv } from '@/lib/env';
import type { ActionRun } from '@/lib/server/store/schema';

const TIMEOUT_MS = 3_000;

/** The message for a chat channel: who asks for what, or who decided, with a link to the approvals page. */
export function describeForChat(run: Pick<ActionRun, 'title' | 'section_id' | 'requested_by' | 'reason' | 'status' | 'decided_by' | 'decision_comment' | 'params'>, consoleUrl: string): string {
  const link = new URL('/approvals', consoleUrl).toString();
  const params = run.params === '{}' ? '' : ` ${run.params}`;
  if (run.status === 'pending-approval') return `${run.requested_by} asks to run "${run.title}"${params} (${run.section_id})${run.reason ? `: ${run.reason}` : ''}. Approve or reject: ${link}`;
  const verb = run.status === 'rejected' ? 'rejected' : 'approved';
  return `${run.decided_by} ${verb} "${run.title}"${params} requested by ${run.requested_by}${run.decision_comment ? `: ${run.decision_comment}` : ''} (${link})`;
}

/**
 * Posts `{text}` (what Slack, Mattermost and Teams incoming webhooks accept) to the configured URL.
 * The URL comes from configuration only. A failure is logged and never fails the action.
 */
export async function notifyWebhook(run: Parameters<typeof describeForChat>[0]): Promise<void> {
  const { ACTION_WEBHOOK_URL, CONSOLE_URL } = getEnv();
  if (!ACTION_WEBHOOK_URL) return;
  try {
    const response = await fetch(ACTION_WEBHOOK_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: describeForChat(run, CONSOLE_URL) }), redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) console.warn(`[webhook] the action webhook answered HTTP ${response.status}`);
  } catch (error) {
    console.warn(`[webhook] the action webhook could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
}
