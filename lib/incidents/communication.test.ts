import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftUpdate } from './communication';
import { loadIncidentConfig } from './config';
import { emptyPostmortem, type Incident } from './types';

const config = loadIncidentConfig(path.resolve(__dirname, '../../config/incidents.yaml'));
const T = Date.UTC(2026, 11, 3, 10, 0);
const incident: Incident = {
  id: 'INC-2026-4', title: 'Voice Agent Service Down', summary: '', severity: 'P1', status: 'investigating', mergedInto: null, sections: ['call-failures'], alerts: [],
  roles: { commander: 'olga', communications_lead: null, scribe: null }, declaredBy: 'olga', declaredAt: T, startedAt: T - 120_000, startedEvidence: null,
  resolvedAt: null, closedAt: null, escalationLevel: 0, lastUpdateAt: null, milestoneCorrections: {}, postmortem: emptyPostmortem(), dismissedProposal: null, version: 2, updatedAt: T,
};

describe('status-update drafts', () => {
  it('follow the seed wording ([P1] title / Status / Impact / On-call / Incident) with live data', () => {
    const text = draftUpdate(config, 'internal', incident, { impact: 'call success rate 61 % (threshold 95 %)', done: 'Restart media agents (recovered)', nextUpdateAt: T + 3_600_000, now: T + 60_000, link: 'http://console/incidents/INC-2026-4' });
    expect(text.split('\n').slice(0, 5)).toEqual(['[P1] Voice Agent Service Down', 'Status: Investigating', 'Impact: call success rate 61 % (threshold 95 %)', 'On-call: @olga', 'Incident: INC-2026-4']);
    expect(text).toContain('Next update: 2026-12-03 11:00 UTC');
  });

  it('the stakeholders draft carries the duration and the root cause', () => {
    const text = draftUpdate(config, 'stakeholders', { ...incident, status: 'resolved', resolvedAt: T + 13 * 60_000, postmortem: { ...emptyPostmortem(), rootCause: 'media agents wedged' } }, { impact: 'x', done: 'y', nextUpdateAt: T, now: T, link: '' });
    expect(text).toContain('Duration: 15 minutes');
    expect(text).toContain('Root Cause: media agents wedged');
  });
});
