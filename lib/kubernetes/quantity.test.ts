import { describe, expect, it } from 'vitest';
import { cpuMillicores, memoryBytes, parseQuantity } from './quantity';

describe('quantities', () => {
  it('reads CPU in millicores', () => {
    expect(cpuMillicores('250m')).toBe(250);
    expect(cpuMillicores('1.5')).toBe(1500);
    expect(cpuMillicores('12345678n')).toBe(12);
    expect(cpuMillicores('500u')).toBe(1);
  });

  it('reads memory in bytes', () => {
    expect(memoryBytes('128Mi')).toBe(134_217_728);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(memoryBytes('2048Ki')).toBe(2_097_152);
    expect(memoryBytes('1e3')).toBe(1000);
  });

  it('answers null for what is not a quantity', () => {
    expect(parseQuantity('12 Mi')).toBeNull();
    expect(parseQuantity('abc')).toBeNull();
    expect(parseQuantity(undefined)).toBeNull();
  });
});
