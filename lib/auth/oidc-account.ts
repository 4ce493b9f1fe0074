import 'server-only';
// The last step of a single sign-on, once the provider's answer is verified: the console account
// (found by the provider's subject, made on first sign-in), its role from the groups, the session and
// the audit records, all in one transaction.
import { randomUUID } from 'node:crypto';
import { appendAudit } from '@/lib/audit/log';
import type { Role } from '@/lib/catalog/schema';
import type { User } from '@/lib/server/store/schema';
import { OidcSignInRefused } from './oidc-refusal';
import { claimGroups, mapClaimsToRole } from './oidc-roles';
import type { OidcSettings } from './oidc-settings';
import { pickFreeUsername, usernameCandidates } from './oidc-username';
import type { RequestContext } from './request-auth';
import { getSessionPolicy } from './session-policy';
import { createUserSession, revokeUserSessions } from './sessions';

/** The verified ID token claims, merged with userinfo (which was checked to be about the same subject). */
export type ProviderClaims = Record<string, unknown> & { iss: string; sub: string };

export type OidcSignInResult = { token: string; username: string; role: Role; next: string; created: boolean };

function stringClaim(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
}

/** Creates or updates the user and opens a session; throws OidcSignInRefused (audited) when no role is mapped or the account is disabled. */
export async function finishSignIn(context: RequestContext, settings: OidcSettings, claims: ProviderClaims, next: string): Promise<OidcSignInResult> {
  const subject = `${claims.iss}|${claims.sub}`;
  const role = mapClaimsToRole(claims, settings.roleClaim, settings.roleMap);
  const groups = claimGroups(claims, settings.roleClaim).slice(0, 20).map((g) => g.slice(0, 200));
  const displayName = stringClaim(claims.name, 200);
  const email = stringClaim(claims.email, 254);
  const usernames = usernameCandidates(claims);
  const shownName = displayName ?? stringClaim(claims.preferred_username, 200) ?? email ?? claims.sub.slice(0, 200);
  const meta = { clientAddress: context.clientAddress };

  const outcome = await context.store.writeTransaction(async (trx) => {
    const now = Date.now();
    const existing = await trx.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
    const who = existing?.username ?? usernames[0] ?? 'anonymous';
    const disabled = existing ? existing.disabled_at !== null : false;
    if (!role || disabled) {
      const reason = !role ? 'no console role is mapped to the identity provider groups' : 'account disabled';
      // The provider no longer gives this person a role: their other sessions end too.
      if (!role && existing) await revokeUserSessions(trx, existing.id, now);
      await appendAudit(trx, { ...meta, actor: who, actorRole: null, action: 'auth.sign-in', target: who, outcome: 'denied', detail: { method: 'oidc', reason, subject, claim: settings.roleClaim, groups } }, now);
      return { refused: !role ? ('no-role' as const) : ('disabled' as const) };
    }

    let user: User;
    if (existing) {
      // The username stays what it was at creation (audit records name it); the rest follows the provider.
      user = { ...existing, display_name: displayName ?? existing.display_name, email: email ?? existing.email, role, updated_at: now, last_sign_in_at: now };
      await trx.updateTable('users').set({ display_name: user.display_name, email: user.email, role, updated_at: now, last_sign_in_at: now }).where('id', '=', existing.id).execute();
      if (existing.role !== role) {
        await appendAudit(trx, { ...meta, actor: user.username, actorRole: role, action: 'user.role-from-sso', target: user.username, outcome: 'success', detail: { from: existing.role, to: role, claim: settings.roleClaim, groups } }, now);
      }
    } else {
      const username = await pickFreeUsername(trx, usernames, subject);
      user = { id: randomUUID(), username, display_name: displayName ?? username, email, role, source: 'oidc', password_hash: null, oidc_subject: subject, created_at: now, updated_at: now, disabled_at: null, last_sign_in_at: now };
      await trx.insertInto('users').values(user).execute();
      await appendAudit(trx, { ...meta, actor: username, actorRole: role, action: 'user.create', target: username, outcome: 'success', detail: { role, source: 'oidc', subject, claim: settings.roleClaim, groups } }, now);
    }
    const token = await createUserSession(trx, user.id, context, getSessionPolicy(), now);
    await appendAudit(trx, { ...meta, actor: user.username, actorRole: role, action: 'auth.sign-in', target: user.username, outcome: 'success', detail: { method: 'oidc', subject } }, now);
    return { token, username: user.username, role, created: !existing };
  });

  if ('refused' in outcome) {
    const details = { name: shownName, groups };
    if (outcome.refused === 'disabled') throw new OidcSignInRefused('disabled', 'This console account is disabled.', details);
    throw new OidcSignInRefused('no-role', 'No console role is mapped to any of your identity provider groups.', details);
  }
  return { ...outcome, next };
}
