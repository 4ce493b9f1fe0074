import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { OIDC_REFUSAL_COOKIE, readOidcRefusalDetails } from '@/lib/auth/oidc-cookies';
import { isOidcRefusalReason, type OidcRefusalDetails, type OidcRefusalReason } from '@/lib/auth/oidc-refusal';

export const metadata: Metadata = { title: 'Sign-in refused', robots: { index: false } };

type Message = { title: string; body: (who: OidcRefusalDetails | null) => ReactNode; hint?: string };

const signedInAs = (who: OidcRefusalDetails | null) =>
  who ? (
    <>
      You signed in at the identity provider as <strong>{who.name}</strong>
    </>
  ) : (
    'You signed in at the identity provider'
  );

const groupList = (who: OidcRefusalDetails | null) =>
  who ? <> ({who.groups.length > 0 ? `your groups: ${who.groups.join(', ')}` : 'the provider sent no groups for you'})</> : null;

// One message per reason code. The URL carries only the code, never text: nothing in it is shown.
const messages: Record<OidcRefusalReason | 'unknown', Message> = {
  'no-role': {
    title: 'No console role for your account',
    body: (who) => (
      <>
        {signedInAs(who)}, but no console role is mapped to your groups{groupList(who)}.
      </>
    ),
    hint: 'Ask a console admin to add you to a group that gives a role (they are listed in OIDC_ROLE_MAP).',
  },
  disabled: {
    title: 'Your console account is disabled',
    body: (who) => <>{signedInAs(who)}, but your account on this console is disabled.</>,
    hint: 'Ask a console admin to enable it.',
  },
  cancelled: {
    title: 'Sign-in cancelled',
    body: () => 'Sign-in was cancelled at the identity provider. You are not signed in.',
  },
  expired: {
    title: 'Sign-in expired',
    body: () => 'This sign-in was not started in this browser, took longer than 10 minutes, or the console restarted in the meantime.',
    hint: 'Start again from the sign-in page.',
  },
  invalid: {
    title: 'Sign-in could not be verified',
    body: () => 'The answer from the identity provider did not match this sign-in: it was already used, altered, or meant for another browser.',
    hint: 'Start again from the sign-in page. The attempt was recorded in the audit log.',
  },
  'provider-error': {
    title: 'The identity provider refused the request',
    body: () => 'The identity provider answered with an error instead of signing you in.',
    hint: 'Try again; if it keeps happening, tell the console admins (the server log has the details).',
  },
  unavailable: {
    title: 'Single sign-on is unavailable',
    body: () => 'The identity provider could not be reached, or single sign-on is not set up correctly on this console.',
    hint: 'Try again in a moment, or sign in with a local account.',
  },
  error: {
    title: 'Sign-in failed',
    body: () => 'Something went wrong on the console while signing you in.',
    hint: 'Try again; if it keeps happening, tell the console admins (the server log has the details).',
  },
  unknown: {
    title: 'Sign-in did not complete',
    body: () => 'You are not signed in.',
  },
};

/** Where single sign-on ends when it does not end in a session: why, in words, and the way back. */
export default async function SignInRefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { reason: raw } = await searchParams;
  const reason = isOidcRefusalReason(raw) ? raw : 'unknown';
  const who = reason === 'unknown' ? null : readOidcRefusalDetails((await cookies()).get(OIDC_REFUSAL_COOKIE)?.value, reason);
  const message = messages[reason];
  return (
    <div className="mx-auto mt-8 max-w-xl rounded-lg border border-line bg-surface p-6">
      <h1 className="text-lg font-semibold">{message.title}</h1>
      <p role="alert" className="mt-2 text-sm">
        {message.body(who)}
      </p>
      {message.hint ? <p className="mt-2 text-sm text-muted">{message.hint}</p> : null}
      <Link href="/login" className="mt-4 inline-block text-sm font-medium text-accent underline underline-offset-4">
        Back to sign-in
      </Link>
    </div>
  );
}
