import { describe, expect, it } from 'vitest';
import { describeRunVerdict } from './run-outcome';

// Issue 15 point 3: a section's list of runs never reads "recovered ✓" beside a severity card that fires.
const run = (state: string) => ({ status: 'succeeded' as const, verdict: JSON.stringify({ state }) });

describe('describeRunVerdict', () => {
  it('says the stored verdict, and a recovered section firing again now as such', () => {
    expect(describeRunVerdict(run('recovered'))).toMatchObject({ label: 'section recovered', tone: 'good' });
    expect(describeRunVerdict(run('recovered'), 'ok')).toMatchObject({ label: 'section recovered', tone: 'good' });
    expect(describeRunVerdict(run('recovered'), 'P1')).toMatchObject({ label: 'section recovered, fires again now (P1)', glyph: '✕', tone: 'bad' });
    expect(describeRunVerdict(run('no-change-needed'), 'P2')).toMatchObject({ label: 'no change needed to judge' });
    expect(describeRunVerdict({ status: 'failed', verdict: null }, 'P1')).toBeNull();
  });
});
