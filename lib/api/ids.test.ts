import { describe, expect, it } from 'vitest';
import { checkKebabId } from './ids';
import { panelIdSchema, sectionIdSchema } from './schemas';

// The browser's check (no zod) and the server's schema must agree on every id, or a page would build a URL the API refuses.
const samples = ['pms-connection', 'a', 'a1-b2', `a${'b'.repeat(63)}`, `a${'b'.repeat(64)}`, '', 'PMS', '1abc', '-abc', 'a_b', 'a/b', '../x', 'a b', 'ä', 'a?x=1', 'a%2F'];

describe('checkKebabId', () => {
  for (const id of samples) {
    it(`agrees with the server's schemas on ${JSON.stringify(id)}`, () => {
      const accepted = (() => {
        try {
          return checkKebabId(id, 'section') === id;
        } catch {
          return false;
        }
      })();
      expect(accepted).toBe(sectionIdSchema.safeParse(id).success);
      expect(accepted).toBe(panelIdSchema.safeParse(id).success);
    });
  }

  it('names what the id should be', () => {
    expect(() => checkKebabId('../etc', 'panel')).toThrow(/must be a panel id/);
  });
});
