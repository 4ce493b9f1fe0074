import { describe, expect, it } from 'vitest';
import { queryKeys } from './query-keys';

describe('queryKeys', () => {
  it('builds keys general to specific, each a prefix of the next', () => {
    expect(queryKeys.sections()).toEqual(['sections']);
    expect(queryKeys.section('redis')).toEqual(['sections', 'redis']);
    expect(queryKeys.panel('redis', 'memory', '6h')).toEqual(['sections', 'redis', 'panels', 'memory', '6h']);
  });
});
