'use client';

import '@/lib/client/zod-jitless'; // before any schema parses in the browser (CSP: no eval)
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { loginBodySchema } from '@/lib/api/auth-schemas';

const field = 'mt-1 block h-9 w-full rounded-md border border-line bg-canvas px-2 text-sm focus:outline-2 focus:outline-focus';

/** Posts to /api/auth/login and follows `next` once the session cookie is set. */
export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = loginBodySchema.safeParse({ username: form.get('username'), password: form.get('password') });
    if (!body.success) {
      setError(`${body.error.issues[0]?.path.join('.')} ${body.error.issues[0]?.message}`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body.data) });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(answer?.error?.message ?? `Sign-in failed (HTTP ${response.status}).`);
    } catch {
      setError('The console did not answer. Check your connection and try again.');
    }
    setPending(false);
  };

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <label className="block text-sm font-medium">
        Username
        <input name="username" autoComplete="username" required className={field} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={field} />
      </label>
      {error ? (
        <p role="alert" className="rounded border border-sev-p0 px-2 py-1.5 text-sm text-sev-p0">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
