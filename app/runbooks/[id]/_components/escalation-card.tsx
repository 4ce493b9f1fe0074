import type { Section } from '@/lib/catalog/schema';
import { Card, CardHeader } from '@/components/ui/card';
import { Icon } from '@/components/ui/icon';

/** Who to call next, in order, and the vendors' own status pages (opened in a new tab). */
export function EscalationCard({ escalation, statusLinks }: { escalation: string[]; statusLinks: Section['statusLinks'] }) {
  return (
    <Card as="section" aria-labelledby="escalation-heading">
      <CardHeader id="escalation-heading" title="Escalation" />
      <ol className="list-decimal space-y-1 py-3 pr-4 pl-9 text-sm marker:text-muted marker:tabular-nums">
        {escalation.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {statusLinks.length > 0 ? (
        <div className="border-t border-line px-4 py-3">
          <h3 className="text-xs font-semibold tracking-wider text-muted uppercase">Vendor status</h3>
          <ul className="mt-1.5 flex flex-wrap gap-2">
            {statusLinks.map((link) => (
              <li key={link.url}>
                <a
                  href={link.url}
                  target="_blank"
                  rel="noreferrer"
                  className="inline-flex items-center gap-1 rounded-md border border-line px-2 py-1 text-sm hover:bg-surface-2"
                >
                  {link.name}
                  <Icon name="external" className="size-3 text-muted" />
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
