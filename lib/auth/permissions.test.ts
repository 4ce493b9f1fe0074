import { describe, expect, it } from 'vitest';
import { can, listPermissions, permissionTable, roleOrder } from './permissions';

describe('permission table', () => {
  it('grows with the role: each role holds everything the one below it holds', () => {
    for (let i = 1; i < roleOrder.length; i++) {
      const lower = listPermissions(roleOrder[i - 1]!);
      expect(listPermissions(roleOrder[i]!)).toEqual(expect.arrayContaining(lower));
    }
  });

  it('gives a display token section status and the open incidents as the wall shows them, nothing else', () => {
    expect(listPermissions('display')).toEqual(['status.read', 'incident.read']);
  });

  it('denies by default: no role, or an unknown one, holds nothing', () => {
    expect(can(null, 'status.read')).toBe(false);
    expect(can(undefined, 'status.read')).toBe(false);
    expect(can('root' as never, 'status.read')).toBe(false);
  });

  it('keeps users, tokens and metrics to admins and approval to approvers and admins', () => {
    expect(permissionTable['users.manage']).toEqual(['admin']);
    expect(permissionTable['tokens.manage']).toEqual(['admin']);
    expect(permissionTable['action.approve']).toEqual(['approver', 'admin']);
    expect(can('operator', 'action.approve')).toBe(false);
    expect(can('viewer', 'action.request')).toBe(false);
  });
});

describe('threat 25: no matching rule means deny (and nothing but the table allows)', () => {
  it('every role is denied every permission the table does not give it', () => {
    for (const role of [...roleOrder, 'display'] as const) {
      for (const permission of Object.keys(permissionTable) as (keyof typeof permissionTable)[]) {
        expect(can(role, permission), `${role} ${permission}`).toBe((permissionTable[permission] as readonly string[]).includes(role));
      }
    }
  });

  it('a permission that is not in the table is held by nobody, whatever its name (inherited object keys included)', () => {
    for (const permission of ['logs.write', 'admin', '*', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      for (const role of [...roleOrder, 'display'] as const) expect(can(role, permission as never), `${role} ${permission}`).toBe(false);
    }
  });
});
