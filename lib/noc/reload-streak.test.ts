import { describe, expect, it } from 'vitest';
import { clearReloadStreak, readReloadStreak, recordReload, type StreakStorage } from './reload-streak';

function makeStorage(): StreakStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v), removeItem: (k) => void values.delete(k) };
}

describe('reload streak', () => {
  it('counts the reloads in a row and starts over once cleared', () => {
    const storage = makeStorage();
    expect(readReloadStreak(storage)).toBe(0);
    recordReload(storage);
    recordReload(storage);
    expect(readReloadStreak(storage)).toBe(2);
    clearReloadStreak(storage);
    expect(readReloadStreak(storage)).toBe(0);
  });

  it('reads nothing it cannot trust: no storage, storage that throws, a value that is not a count', () => {
    expect(readReloadStreak(null)).toBe(0);
    const refusing: StreakStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readReloadStreak(refusing)).toBe(0);
    expect(() => recordReload(refusing)).not.toThrow();
    expect(() => clearReloadStreak(refusing)).not.toThrow();
    const storage = makeStorage();
    for (const bad of ['-3', 'abc', '1.5', '']) {
      storage.values.set('voicehive.noc.consecutive-reloads', bad);
      expect(readReloadStreak(storage), bad).toBe(0);
    }
  });
});
