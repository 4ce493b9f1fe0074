import { describe, expect, it } from 'vitest';
import { judgeRecovery } from './verification';

const window = 5 * 60_000;

describe('judgeRecovery', () => {
  it('waits until the change has been made', () => {
    expect(judgeRecovery({ status: 'executing', finishedAt: null }, 'P1', window, 0).state).toBe('waiting');
    expect(judgeRecovery({ status: 'failed', finishedAt: 1 }, 'P1', window, 2).state).toBe('waiting');
  });

  it('watches the section for the window, then says whether it recovered', () => {
    expect(judgeRecovery({ status: 'succeeded', finishedAt: 1000 }, 'P1', window, 2000)).toEqual({ state: 'watching', severity: 'P1', until: 1000 + window });
    expect(judgeRecovery({ status: 'succeeded', finishedAt: 1000 }, 'ok', window, 2000).state).toBe('recovered');
    expect(judgeRecovery({ status: 'succeeded', finishedAt: 1000 }, 'P2', window, 1000 + window).state).toBe('not-recovered');
  });

  it('never calls unknown recovered', () => {
    expect(judgeRecovery({ status: 'succeeded', finishedAt: 1000 }, 'unknown', window, 1000 + window).state).toBe('not-recovered');
  });
});
