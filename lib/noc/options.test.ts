import { describe, expect, it } from 'vitest';
import { parseNocOptions } from './options';

describe('parseNocOptions', () => {
  it('is the plain grid, no alerts, by default', () => {
    expect(parseNocOptions({})).toEqual({ rotateMs: null, alert: 'off', notes: [] });
    expect(parseNocOptions({ rotate: '', alert: '' })).toEqual({ rotateMs: null, alert: 'off', notes: [] });
  });

  it('takes a rotation interval in whole seconds between 5 and 300', () => {
    expect(parseNocOptions({ rotate: '20' }).rotateMs).toBe(20_000);
    expect(parseNocOptions({ rotate: '5' }).rotateMs).toBe(5_000);
    expect(parseNocOptions({ rotate: '300' }).rotateMs).toBe(300_000);
    expect(parseNocOptions(new URLSearchParams('rotate=30')).rotateMs).toBe(30_000);
    expect(parseNocOptions({ rotate: ['15', '99'] }).rotateMs).toBe(15_000);
  });

  it('ignores a bad interval and says so', () => {
    for (const rotate of ['4', '301', '2.5', '-10', 'fast', '1e3', '00000010000']) {
      const options = parseNocOptions({ rotate });
      expect(options.rotateMs, rotate).toBeNull();
      expect(options.notes, rotate).toEqual([`rotate=${rotate.slice(0, 12)} ignored (5–300 s)`]);
    }
  });

  it('knows the alert modes and names an unknown one', () => {
    expect(parseNocOptions({ alert: 'sound' }).alert).toBe('sound');
    expect(parseNocOptions({ alert: 'flash' }).alert).toBe('flash');
    expect(parseNocOptions({ alert: 'siren' })).toEqual({ rotateMs: null, alert: 'off', notes: ['alert=siren ignored (flash or sound)'] });
  });
});
