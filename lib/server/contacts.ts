import 'server-only';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { loadContactsConfig, type ContactsConfig } from '@/lib/contacts/config';

const holder = globalThis as typeof globalThis & { __voicehiveContactsConfig?: ContactsConfig };

/** config/contacts.yaml (CONTACTS_CONFIG), read once; start-up already refused a bad file. */
export function getContactsConfig(): ContactsConfig {
  holder.__voicehiveContactsConfig ??= loadContactsConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().CONTACTS_CONFIG));
  return holder.__voicehiveContactsConfig;
}
