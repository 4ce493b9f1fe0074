import { describe, expect, it } from 'vitest';
import { describeGeneration, formatCpu, formatMemory, formatPodAge, rolloutStyles, shortenPodName } from './workloads-format';

describe('workloads formatting', () => {
  it('writes CPU like kubectl top, and whole cores from one core up', () => {
    expect(formatCpu(null)).toBe('—');
    expect(formatCpu(0)).toBe('0m');
    expect(formatCpu(250)).toBe('250m');
    expect(formatCpu(1000)).toBe('1 core');
    expect(formatCpu(1250)).toBe('1.25 cores');
  });

  it('writes memory in binary units, and a dash when there is no sample', () => {
    expect(formatMemory(512 * 1024 * 1024)).toBe('512 MiB');
    expect(formatMemory(null)).toBe('—');
  });

  it('ages a pod from its creation time against the clock, else from the server figure', () => {
    const createdAt = '2025-01-01T00:00:00.000Z';
    expect(formatPodAge({ createdAt, ageSeconds: 5 }, Date.parse(createdAt) + 3 * 3_600_000)).toBe('3 h');
    expect(formatPodAge({ createdAt, ageSeconds: 90 }, null)).toBe('1 min 30 s');
    expect(formatPodAge({ createdAt: null, ageSeconds: null }, Date.now())).toBe('—');
  });

  it('says when the controller has not observed the latest generation', () => {
    expect(describeGeneration({ generation: 4, observedGeneration: 4 })).toBe('4');
    expect(describeGeneration({ generation: 5, observedGeneration: 4 })).toBe('5 · observed 4');
    expect(describeGeneration({ generation: null, observedGeneration: null })).toBe('—');
  });

  it('gives every rollout state its own shape and word', () => {
    const glyphs = Object.values(rolloutStyles).map((s) => s.glyph);
    expect(new Set(glyphs).size).toBe(glyphs.length);
    for (const [state, style] of Object.entries(rolloutStyles)) expect(style.label).toBe(state);
  });

  it('shortens generated pod names to the part that tells them apart', () => {
    expect(shortenPodName('media-agent-7d9f8-abcde', 'media-agent')).toBe('7d9f8-abcde');
    expect(shortenPodName('redis-0', null)).toBe('redis-0');
  });
});
