import type { IncomingMessage } from 'node:http';
import { hasBearerToken } from '../router';
import type { UserInfo } from './authz';
import { unauthorized } from './status';

/**
 * Bearer tokens and whom they stand for: the console's service-account token, which rotates as a
 * projected token does (after `rotate`, the old one is refused), and an admin token in system:masters
 * for the simulator's own scenario code and the tests that set the stage.
 */
export interface Authenticator {
  /** The request's user; a 401 Status without a known token. */
  authenticate(req: IncomingMessage): UserInfo;
  /** Replaces the service account's token: the new one is accepted, the old one no longer. */
  rotate(next: string): void;
}

export function createAuthenticator(options: { token: string; adminToken: string; serviceAccount: { namespace: string; name: string } }): Authenticator {
  let token = options.token;
  const { namespace, name } = options.serviceAccount;
  const serviceAccount: UserInfo = {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
  const admin: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
  return {
    authenticate(req) {
      if (hasBearerToken(req, token)) return serviceAccount;
      if (hasBearerToken(req, options.adminToken)) return admin;
      throw unauthorized();
    },
    rotate(next) {
      if (!next || next === options.adminToken) throw new Error('a rotated token must be new and not the admin token');
      token = next;
    },
  };
}
