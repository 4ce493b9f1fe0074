// The accounts global-setup seeded into the console's store, and a signed-in browser state per role.
import fs from 'node:fs';
import path from 'node:path';
import type { SeededAccounts } from '../../scripts/stack/accounts';
import type { PrincipalRole } from '../../lib/auth/permissions';
import { e2eRunDir } from './run';

export { e2eRunDir };

export function storageStatePath(role: PrincipalRole): string {
  return path.join(e2eRunDir, 'auth', `${role}.json`);
}

export function readSeededAccounts(): SeededAccounts {
  return JSON.parse(fs.readFileSync(path.join(e2eRunDir, 'accounts.json'), 'utf8')) as SeededAccounts;
}

/** The SSO accounts of the test identity provider, and the role each should get. */
export const ssoAccounts = {
  'sso-oliver': { name: 'Oliver SSO', email: 'oliver@voicehive.example', groups: ['ops-oncall'] },
  'sso-nora': { name: 'Nora SSO', email: 'nora@voicehive.example', groups: ['marketing'] },
};
export const ssoRoleMap = 'ops-oncall=operator,ops-leads=approver,ops-admins=admin';
