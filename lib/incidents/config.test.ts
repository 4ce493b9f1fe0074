import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIncidentConfig } from './config';

describe('incident configuration', () => {
  it('the shipped file is valid and carries the seed checklist and a template per audience', () => {
    const config = loadIncidentConfig(path.resolve(__dirname, '../../config/incidents.yaml'));
    expect(config.checklist).toContain('Schedule post-mortem meeting');
    expect(Object.keys(config.audiences).sort()).toEqual(['internal', 'stakeholders', 'status-page']);
    expect(config.escalation[0]!.name).toBe('On-call engineer');
  });

  it('a bad file names the path and the problem', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'incidents-')), 'bad.yaml');
    const good = fs.readFileSync(path.resolve(__dirname, '../../config/incidents.yaml'), 'utf8');
    fs.writeFileSync(file, good.replace('afterMinutes: 5', 'afterMinutes: soon'));
    expect(() => loadIncidentConfig(file)).toThrow(/bad\.yaml: declarePrompt\.afterMinutes/);
  });
});
