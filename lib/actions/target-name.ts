import type { Action } from '@/lib/catalog/schema';
import type { ResolvedTarget } from './resolve';

/**
 * An action's target as the audit log names it: "deployment voicehive/orchestrator", "pods in voicehive
 * (app=media-agent)", "Redis key ratelimit:apaleo", "Redis database", "orchestrator POST /admin/…". The
 * same words for a preview, a request, an approval and an execution, so one filter finds every record.
 */
export function nameActionTarget(kind: Action['kind'], t: ResolvedTarget): string {
  switch (kind) {
    case 'redis-del':
    case 'redis-set':
      return `Redis key ${t.key ?? ''}`;
    case 'redis-flushdb':
      return 'Redis database';
    case 'redis-memory-purge':
      return 'Redis memory';
    case 'http-post':
      return `${t.service ?? ''} POST ${t.path ?? ''}`;
    case 'delete-pods':
      return `pods in ${t.namespace ?? ''} (${t.name || t.selector || ''})`;
    default:
      return [t.resource, t.namespace && t.name ? `${t.namespace}/${t.name}` : (t.name ?? t.selector)].filter(Boolean).join(' ');
  }
}
