// Which console role a single sign-on identity gets: the identity provider's groups, mapped through
// OIDC_ROLE_MAP (`ops-admins=admin,ops-oncall=operator`). Pure: no environment, no store.
import type { Role } from '@/lib/catalog/schema';
import { roleOrder } from './permissions';

/** Group name → role. Group names are matched exactly (case and all), as the provider sends them. */
export type RoleMap = ReadonlyMap<string, Role>;

export class RoleMapError extends Error {
  constructor(message: string) {
    super(`OIDC_ROLE_MAP: ${message}`);
    this.name = 'RoleMapError';
  }
}

function isRole(value: string): value is Role {
  return (roleOrder as readonly string[]).includes(value);
}

/**
 * Parses `group=role,group=role`. Whitespace around names is ignored; a group named twice, an
 * unknown role or an empty entry is a configuration error (thrown), never silently dropped.
 */
export function parseRoleMap(spec: string): RoleMap {
  const map = new Map<string, Role>();
  for (const entry of spec.split(',')) {
    const eq = entry.lastIndexOf('=');
    const group = entry.slice(0, eq).trim();
    const role = entry.slice(eq + 1).trim();
    if (eq < 0 || !group) throw new RoleMapError(`"${entry.trim()}" is not a group=role pair`);
    if (!isRole(role)) throw new RoleMapError(`"${role}" (for group ${group}) is not a role; use ${roleOrder.join(', ')}`);
    if (map.has(group)) throw new RoleMapError(`group ${group} is mapped more than once`);
    map.set(group, role);
  }
  return map;
}

/** The groups a claim carries: a single string is one group; non-string array entries are ignored. */
export function claimGroups(claims: Record<string, unknown>, claimName: string): string[] {
  const value = Object.hasOwn(claims, claimName) ? claims[claimName] : undefined;
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/** The highest role (viewer < operator < approver < admin) among the person's mapped groups, or null. */
export function mapClaimsToRole(claims: Record<string, unknown>, claimName: string, map: RoleMap): Role | null {
  let best: Role | null = null;
  for (const group of claimGroups(claims, claimName)) {
    const role = map.get(group);
    if (role && (best === null || roleOrder.indexOf(role) > roleOrder.indexOf(best))) best = role;
  }
  return best;
}
