import type { EventView } from '@/lib/kubernetes/views';
import { RelativeTime } from '@/components/relative-time';
import { Icon } from '@/components/ui/icon';

/** Recent Warning events about the panel's deployments, ReplicaSets and pods, newest first. */
export function WarningEventList({ events, omitted }: { events: EventView[]; omitted: number }) {
  return (
    <div className="border-t border-line">
      <h4 className="px-4 pt-2 text-xs font-semibold text-muted">Warning events</h4>
      {events.length === 0 ? (
        <p className="px-4 pt-1 pb-2.5 text-sm text-muted">No warning events about these workloads.</p>
      ) : (
        <ul className="divide-y divide-line">
          {events.map((event, index) => (
            <li key={`${event.object}-${event.reason}-${event.lastSeen ?? index}`} data-testid="warning-event" data-reason={event.reason} className="px-4 py-1.5 text-sm">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <Icon name="warning" className="size-3.5 self-center text-sev-p2" />
                <span className="font-semibold">{event.reason}</span>
                <span className="font-mono text-xs text-muted">{event.object}</span>
                {event.count > 1 ? <span className="text-xs text-muted tabular-nums">×{event.count}</span> : null}
                {event.lastSeen ? <RelativeTime at={Date.parse(event.lastSeen)} suffix=" ago" className="ml-auto text-xs text-muted tabular-nums" /> : null}
              </div>
              <p className="pl-5 text-xs break-words text-muted">{event.message}</p>
            </li>
          ))}
        </ul>
      )}
      {omitted > 0 ? <p className="px-4 pb-2 text-xs text-muted">…and {omitted} older warning{omitted === 1 ? '' : 's'} not listed.</p> : null}
    </div>
  );
}
