import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { claimGroups, mapClaimsToRole, parseRoleMap, RoleMapError } from './oidc-roles';

describe('parseRoleMap', () => {
  it('parses group=role pairs', () => {
    expect([...parseRoleMap('ops-admins=admin,ops-oncall=operator')]).toEqual([
      ['ops-admins', 'admin'],
      ['ops-oncall', 'operator'],
    ]);
  });

  it('ignores whitespace around names and keeps spaces inside a group name', () => {
    expect([...parseRoleMap(' Ops Admins = admin , viewers=viewer ')]).toEqual([
      ['Ops Admins', 'admin'],
      ['viewers', 'viewer'],
    ]);
  });

  it('accepts every value the environment schema accepts', () => {
    const env = parseEnv({ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'c', OIDC_ROLE_MAP: 'a=viewer,b=operator,c=approver,d=admin' });
    expect(parseRoleMap(env.OIDC_ROLE_MAP!).size).toBe(4);
  });

  it.each([
    ['an unknown role', 'ops=root', /"root" \(for group ops\) is not a role/],
    ['a missing =', 'ops-admins', /not a group=role pair/],
    ['an empty group', '=admin', /not a group=role pair/],
    ['an empty entry', 'a=admin,,b=viewer', /not a group=role pair/],
    ['a group named twice', 'a=admin,a=viewer', /group a is mapped more than once/],
  ])('refuses %s', (_what, spec, message) => {
    expect(() => parseRoleMap(spec)).toThrow(RoleMapError);
    expect(() => parseRoleMap(spec)).toThrow(message);
  });
});

describe('claimGroups', () => {
  it('reads an array, a single string, or nothing', () => {
    expect(claimGroups({ groups: ['a', 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimGroups({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(claimGroups({ groups: '' }, 'groups')).toEqual([]);
    expect(claimGroups({}, 'groups')).toEqual([]);
    expect(claimGroups({ groups: null }, 'groups')).toEqual([]);
    expect(claimGroups({ groups: { a: true } }, 'groups')).toEqual([]);
  });

  it('ignores entries that are not strings', () => {
    expect(claimGroups({ groups: ['a', 1, null, { b: 1 }, '', 'c'] }, 'groups')).toEqual(['a', 'c']);
  });

  it('does not read inherited properties', () => {
    expect(claimGroups({}, 'constructor')).toEqual([]);
    expect(claimGroups({}, '__proto__')).toEqual([]);
  });
});

describe('mapClaimsToRole', () => {
  const map = parseRoleMap('ops-admins=admin,ops-oncall=operator,ops-approvers=approver,everyone=viewer');

  it('gives the highest role among the matching groups, whatever their order', () => {
    expect(mapClaimsToRole({ groups: ['ops-oncall'] }, 'groups', map)).toBe('operator');
    expect(mapClaimsToRole({ groups: ['ops-admins', 'ops-oncall'] }, 'groups', map)).toBe('admin');
    expect(mapClaimsToRole({ groups: ['ops-oncall', 'ops-admins'] }, 'groups', map)).toBe('admin');
    expect(mapClaimsToRole({ groups: ['everyone', 'ops-approvers', 'ops-oncall'] }, 'groups', map)).toBe('approver');
    expect(mapClaimsToRole({ groups: ['everyone'] }, 'groups', map)).toBe('viewer');
  });

  it('accepts a single-string claim', () => {
    expect(mapClaimsToRole({ groups: 'ops-admins' }, 'groups', map)).toBe('admin');
  });

  it('is null when no group is mapped, the claim is missing, or empty', () => {
    expect(mapClaimsToRole({ groups: ['marketing'] }, 'groups', map)).toBeNull();
    expect(mapClaimsToRole({ groups: [] }, 'groups', map)).toBeNull();
    expect(mapClaimsToRole({}, 'groups', map)).toBeNull();
  });

  it('matches group names exactly (no case folding, no prefixes)', () => {
    expect(mapClaimsToRole({ groups: ['OPS-ADMINS', 'ops-admins-old', ' ops-admins'] }, 'groups', map)).toBeNull();
  });

  it('reads the configured claim only', () => {
    expect(mapClaimsToRole({ groups: ['marketing'], roles: ['ops-admins'] }, 'roles', map)).toBe('admin');
    expect(mapClaimsToRole({ groups: ['ops-admins'] }, 'roles', map)).toBeNull();
  });
});
