import type { Section } from '@/lib/catalog/schema';
import type { Contact, SectionContacts } from '@/lib/contacts/config';
import { Card, CardHeader } from '@/components/ui/card';
import { Icon } from '@/components/ui/icon';

type ShownContact = Contact & { systemName: string };

function ContactItem({ contact }: { contact: ShownContact }) {
  const reach = [contact.phone, contact.email, contact.channel].filter(Boolean).join(' · ');
  return (
    <li data-testid="contact" data-contact-id={contact.id} data-seed={contact.seed} data-system={contact.system}>
      <span className="font-medium">{contact.role}</span>
      {contact.name ? ` ${contact.name}` : null}
      {reach ? <span className="break-all"> — {reach}</span> : null}
      {contact.when ? <span className="text-muted"> ({contact.when})</span> : null}
      <span className="ml-1 text-xs text-muted" title={`From runbook ${contact.seed}; ${contact.systemName}`}>[{contact.seed}]</span>
    </li>
  );
}

/**
 * Who to call next, in order; the contacts of the runbooks for this section (config/contacts.yaml), each with
 * the runbook it came from; other systems' contacts apart and marked; and the vendors' own status pages.
 */
export function EscalationCard({ escalation, contacts, statusLinks }: { escalation: string[]; contacts: SectionContacts; statusLinks: Section['statusLinks'] }) {
  return (
    <Card as="section" aria-labelledby="escalation-heading">
      <CardHeader id="escalation-heading" title="Escalation" />
      <ol className="list-decimal space-y-1 py-3 pr-4 pl-9 text-sm marker:text-muted marker:tabular-nums">
        {escalation.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {contacts.escalation.length > 0 ? (
        <div data-testid="escalation-contacts" className="border-t border-line px-4 py-3">
          <h3 className="text-xs font-semibold tracking-wider text-muted uppercase">Contacts</h3>
          <ul className="mt-1.5 space-y-1 text-sm">
            {contacts.escalation.map((contact) => (
              <ContactItem key={contact.id} contact={contact} />
            ))}
          </ul>
        </div>
      ) : null}
      {contacts.otherSystems.length > 0 ? (
        <details data-testid="other-system-contacts" className="border-t border-line px-4 py-3 text-sm">
          <summary className="cursor-pointer text-xs font-semibold tracking-wider text-muted uppercase">Other systems: not VoiceHive escalation</summary>
          <ul className="mt-1.5 space-y-1">
            {contacts.otherSystems.map((contact) => (
              <ContactItem key={contact.id} contact={contact} />
            ))}
          </ul>
          <p className="mt-1.5 text-xs text-muted">{[...new Set(contacts.otherSystems.map((c) => c.systemName))].join(', ')}: kept from the runbooks for reference only.</p>
        </details>
      ) : null}
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
