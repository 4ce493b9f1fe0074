import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { nextPathSchema } from '@/lib/api/auth-schemas';
import { getPageSession } from '@/lib/auth/page-access';
import { getOidcLabel, isOidcConfigured, oidcStartHref } from '@/lib/auth/oidc-settings';
import { getEnv } from '@/lib/env';
import { LoginForm } from './_components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

/** Sign-in: single sign-on when configured, and local accounts (managed with `npm run ops -- user …`). */
export default async function LoginPage({ searchParams }: Props) {
  const raw = (await searchParams).next;
  const next = nextPathSchema.parse(typeof raw === 'string' ? raw : '/');
  const session = await getPageSession();
  if (session.status === 'active') redirect(next);
  const env = getEnv();
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-line bg-surface p-6 shadow-sm">
      <h1 className="text-lg font-semibold">Sign in to VoiceHive Ops</h1>
      <p className="mt-1 text-sm text-muted">{env.ENVIRONMENT_NAME} environment</p>
      {isOidcConfigured() ? (
        <>
          <a
            href={oidcStartHref(next)}
            className="mt-5 flex h-10 items-center justify-center rounded-md border border-accent bg-accent text-sm font-medium text-white hover:opacity-90"
          >
            Sign in with {getOidcLabel()}
          </a>
          <p className="my-4 text-center text-xs text-muted">or with a local account</p>
        </>
      ) : null}
      <LoginForm next={next} />
    </div>
  );
}
