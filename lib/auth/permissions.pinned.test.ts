// The permission table checked against a hand-written one (test/pinned-permissions.ts), not against itself:
// granting a role something new, or taking something away, fails here until the pinned table says so too.
import { describe, expect, it } from 'vitest';
import { pinnedPermissions, pinnedRoles } from '@/test/pinned-permissions';
import { can, listPermissions, permissions, roleOrder } from './permissions';

describe('permission table pinned by hand', () => {
  it('has exactly the pinned permissions (a new one must be pinned before any role may hold it)', () => {
    expect([...permissions].sort()).toEqual(Object.keys(pinnedPermissions).sort());
  });

  it('knows exactly the pinned roles, and a display besides them', () => {
    expect([...roleOrder, 'display']).toEqual([...pinnedRoles]);
  });

  for (const [permission, row] of Object.entries(pinnedPermissions)) {
    for (const [i, role] of pinnedRoles.entries()) {
      const allowed = row[i]!;
      it(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, () => {
        expect(can(role, permission as keyof typeof pinnedPermissions)).toBe(allowed);
      });
    }
  }

  it('lists for the UI exactly what is pinned, role by role', () => {
    for (const [i, role] of pinnedRoles.entries()) {
      const pinned = Object.entries(pinnedPermissions).filter(([, row]) => row[i]).map(([permission]) => permission);
      expect(listPermissions(role), role).toEqual(pinned);
    }
  });
});
