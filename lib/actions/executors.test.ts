import { describe, expect, it } from 'vitest';
import { actionSchema } from '@/lib/catalog/schema';
import { executors } from './executors';
import { wiredKinds } from './wired-kinds';

describe('wired action kinds', () => {
  it('are exactly the kinds with an executor: no button without one, no executor without a button', () => {
    expect([...wiredKinds].sort()).toEqual([...executors.keys()].sort());
    for (const kind of wiredKinds) expect(actionSchema.shape.kind.options).toContain(kind);
  });
});
