import { describe, expect, it } from 'vitest';
import { decideLivePanelState } from './live-panel-state';

describe('decideLivePanelState', () => {
  it('is loading until the first answer, live once there is data', () => {
    expect(decideLivePanelState({ hasData: false, error: null, isPending: true })).toBe('loading');
    expect(decideLivePanelState({ hasData: true, error: null, isPending: false })).toBe('live');
  });

  it('keeps old data as stale when a poll fails, and shows the error when there was never data', () => {
    expect(decideLivePanelState({ hasData: true, error: 'HTTP 502: kubernetes: connection refused', isPending: false })).toBe('stale');
    expect(decideLivePanelState({ hasData: false, error: 'HTTP 502: kubernetes: connection refused', isPending: true })).toBe('error');
    expect(decideLivePanelState({ hasData: false, error: 'HTTP 502', isPending: false })).toBe('error');
  });
});
