import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { contactsForSection, loadContactsConfig } from './config';

const sections = loadCatalog('runbooks');
const sectionIds = sections.map((s) => s.id);
const config = loadContactsConfig('config/contacts.yaml', sectionIds);
// shared/ sits beside the repository (in CI too); missing seeds fail the test, they are not skipped.
const seedDir = path.resolve(__dirname, '../../../shared/seeds');
const seedText = (seed: string) => fs.readFileSync(path.join(seedDir, fs.readdirSync(seedDir).find((f) => f.startsWith(`${seed}_`))!), 'utf8');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-'));
afterAll(() => fs.rmSync(tmp, { recursive: true }));
const loadText = (text: string) => {
  const file = path.join(tmp, 'contacts.yaml');
  fs.writeFileSync(file, text);
  return () => loadContactsConfig(file, sectionIds);
};
const systems = 'systems:\n  voicehive: { name: VoiceHive, escalation: true }\n  testing: { name: Testing, escalation: false }\npaths: []\n';

describe('config/contacts.yaml', () => {
  it('holds the contacts the catalog had dropped, each with the runbook it came from', () => {
    const find = (value: string) => config.contacts.find((c) => [c.email, c.phone, c.channel].includes(value));
    expect(Object.fromEntries(['oncall@voicehive', 'platform@voicehive', 'cto@voicehive', 'eng-lead@voicehive.com', '+1-555-0123', '#voice-ai-alerts', 'voice-ai-oncall@company.com'].map((v) => [v, find(v)?.seed]))).toEqual({
      'oncall@voicehive': '000', 'platform@voicehive': '000', 'cto@voicehive': '000', 'eng-lead@voicehive.com': '001', '+1-555-0123': '001', '#voice-ai-alerts': '002', 'voice-ai-oncall@company.com': '002',
    });
  });

  it('says only what its runbook says: every address, number and channel is in that seed\'s text', () => {
    for (const contact of config.contacts) {
      const text = seedText(contact.seed);
      for (const value of [contact.email, contact.phone, contact.channel].filter((v): v is string => Boolean(v))) expect(text, `${contact.id}: ${value}`).toContain(value);
    }
    for (const p of config.paths) expect(p.levels.length, p.seed).toBeGreaterThan(0);
    expect(config.paths.map((p) => p.seed).sort()).toEqual(['000', '001', '002', '003', '004']);
  });

  it('never shows the testing framework\'s contacts (003) as VoiceHive escalation, on any section', () => {
    for (const id of sectionIds) {
      const shown = contactsForSection(config, id);
      expect(shown.escalation.filter((c) => c.seed === '003' || c.email?.endsWith('@voiceai-testing.local')), id).toEqual([]);
      expect(shown.otherSystems.every((c) => c.system === 'voiceai-testing'), id).toBe(true);
    }
    expect(contactsForSection(config, 'database').otherSystems.map((c) => c.email)).toContain('dba@voiceai-testing.local');
    // The catalog's own escalation lists name roles, not other systems' addresses.
    for (const section of sections) expect(section.escalation.join('\n'), section.id).not.toMatch(/voiceai-testing/);
    // Nor does the incident workflow post to the testing framework's channel as VoiceHive's own.
    const incidents = fs.readFileSync('config/incidents.yaml', 'utf8');
    for (const c of config.contacts.filter((c) => !config.systems[c.system]!.escalation)) for (const v of [c.email, c.channel].filter(Boolean)) expect(incidents, c.id).not.toContain(v);
  });

  it('shows a section its own specialists and everyone without a section', () => {
    const security = contactsForSection(config, 'security').escalation.map((c) => c.id);
    expect(security).toEqual(expect.arrayContaining(['security-lead', 'oncall-lead', 'cto', 'incident-commander']));
    expect(contactsForSection(config, 'redis').escalation.map((c) => c.id)).not.toContain('security-lead');
  });

  it('refuses a testing-framework address under VoiceHive, an unknown system or section, a duplicate id', () => {
    expect(loadText(`${systems}contacts:\n  - { id: dba, role: DBA, email: dba@voiceai-testing.local, seed: "003", system: voicehive }\n`)).toThrow(/contacts\.0\.system: dba@voiceai-testing\.local belongs to the testing framework/);
    expect(loadText(`${systems}contacts:\n  - { id: a, role: A, email: a@x, seed: "000", system: nowhere }\n`)).toThrow(/contacts\.0\.system: "nowhere" is not one of the systems/);
    expect(loadText(`${systems}contacts:\n  - { id: a, role: A, email: a@x, seed: "000", system: voicehive, sections: [nowhere] }\n`)).toThrow(/contacts\.0\.sections: "nowhere" is not a runbook section/);
    expect(loadText(`${systems}contacts:\n  - { id: a, role: A, email: a@x, seed: "000", system: voicehive }\n  - { id: a, role: B, email: b@x, seed: "000", system: voicehive }\n`)).toThrow(/contacts\.1\.id: duplicate id "a"/);
    expect(loadText(`${systems}contacts:\n  - { id: a, role: A, seed: "009", system: voicehive }\n`)).toThrow(/contacts\.0\.seed/);
  });
});
