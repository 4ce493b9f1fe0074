import { describe, expect, it } from 'vitest';
import { actionQueryKeys } from './action-query-keys';

describe('actionQueryKeys', () => {
  it('nests the list and each run under one prefix, without the list key prefixing a run', () => {
    expect(actionQueryKeys.list()).toEqual(['action-runs', 'list']);
    expect(actionQueryKeys.run('r1')).toEqual(['action-runs', 'run', 'r1']);
  });
});
