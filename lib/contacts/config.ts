// config/contacts.yaml: the runbooks' contacts and escalation paths, each with the runbook it came from and
// the system it belongs to (issue 14 point 13). Validated at start-up like the catalog; pure, so pages share the types.
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case');
const seed = z.enum(['000', '001', '002', '003', '004']);

export const contactSchema = z.strictObject({
  id,
  role: z.string().min(1),
  name: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address').optional(),
  channel: z.string().regex(/^#[\w-]+$/, 'must be a channel such as #voicehive-ops').optional(),
  /** When to call them, in the runbook's words, e.g. "P0/P1" or "Database issues". */
  when: z.string().min(1).optional(),
  seed,
  system: id,
  /** Section ids this contact is shown on; every section when absent. */
  sections: z.array(id).min(1).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactsConfigSchema = z
  .strictObject({
    systems: z.record(id, z.strictObject({ name: z.string().min(1), escalation: z.boolean() })),
    paths: z.array(z.strictObject({ seed, system: id, levels: z.array(z.string().min(1)).min(1) })),
    contacts: z.array(contactSchema).min(1),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    const check = (system: string, path: (string | number)[]) => {
      if (!Object.hasOwn(config.systems, system)) ctx.addIssue({ code: 'custom', path, message: `"${system}" is not one of the systems (${Object.keys(config.systems).join(', ')})` });
    };
    config.paths.forEach((p, index) => check(p.system, ['paths', index, 'system']));
    config.contacts.forEach((contact, index) => {
      if (seen.has(contact.id)) ctx.addIssue({ code: 'custom', path: ['contacts', index, 'id'], message: `duplicate id "${contact.id}"` });
      seen.add(contact.id);
      check(contact.system, ['contacts', index, 'system']);
      if (!contact.phone && !contact.email && !contact.channel && !contact.when) ctx.addIssue({ code: 'custom', path: ['contacts', index], message: 'says neither how to reach them (phone, email, channel) nor when' });
      // 003's people run the testing framework: an address of theirs must never become VoiceHive escalation.
      if (contact.email?.endsWith('@voiceai-testing.local') && config.systems[contact.system]?.escalation) {
        ctx.addIssue({ code: 'custom', path: ['contacts', index, 'system'], message: `${contact.email} belongs to the testing framework, not to a system with escalation: true` });
      }
    });
  });
export type ContactsConfig = z.infer<typeof contactsConfigSchema>;

/** Reads and checks the file; a bad file stops the start with the path inside it and what is wrong. */
export function loadContactsConfig(file: string, sectionIds?: string[]): ContactsConfig {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = contactsConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  if (sectionIds) {
    parsed.data.contacts.forEach((contact, index) => {
      const unknown = contact.sections?.find((s) => !sectionIds.includes(s));
      if (unknown) throw new Error(`${file}: contacts.${index}.sections: "${unknown}" is not a runbook section`);
    });
  }
  return parsed.data;
}

export type SectionContacts = {
  /** Contacts of systems with escalation: true, for this section (the runbook each came from is on the contact). */
  escalation: (Contact & { systemName: string })[];
  /** Other systems' contacts for this section, kept apart: never VoiceHive escalation. */
  otherSystems: (Contact & { systemName: string })[];
};

/** The contacts shown on one section, split by whether their system is VoiceHive escalation. */
export function contactsForSection(config: ContactsConfig, sectionId: string): SectionContacts {
  const shown = config.contacts
    .filter((c) => !c.sections || c.sections.includes(sectionId))
    .map((c) => ({ ...c, systemName: config.systems[c.system]!.name }));
  return { escalation: shown.filter((c) => config.systems[c.system]!.escalation), otherSystems: shown.filter((c) => !config.systems[c.system]!.escalation) };
}
