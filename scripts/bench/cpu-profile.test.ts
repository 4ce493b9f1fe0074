import { describe, expect, it } from 'vitest';
import { findBusyStretches } from './cpu-profile';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('findBusyStretches', () => {
  it('cuts the samples at each idle one, longest first, naming the console’s deepest own frame and the self time', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3] },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('evaluate', 'file:///app/.next/server/chunks/lib.js'), children: [4] },
        { id: 4, callFrame: frame('parse', 'node:internal/json') },
      ],
      // busy 2 ms, idle, busy 5 ms (3 of them in JSON under evaluate), idle
      samples: [3, 3, 2, 4, 4, 4, 3, 3, 2],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    };
    const { stretches, busyMs, totalMs } = findBusyStretches(profile);
    expect(totalMs).toBe(9);
    expect(busyMs).toBe(7);
    expect(stretches.map((s) => s.ms)).toEqual([5, 2]);
    expect(stretches[0]!.startMs).toBe(4);
    expect(stretches[0]!.own.get('evaluate lib.js:1')).toBe(5);
    expect(stretches[0]!.self.get('parse json:1')).toBe(3);
  });
});
