'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import type { CreateTokenBody } from '@/lib/api/auth-schemas';
import { TokenLink } from './token-link';

type Created = { name: string; link: string };
const selectClass = 'mt-1 block h-9 rounded-md border border-line bg-canvas px-2 text-sm';

/** Creates a token and shows its display link once, with a copy button; it cannot be shown again. */
export function CreateTokenForm() {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = String(data.get('expiresInDays') ?? '');
    const body: CreateTokenBody = { name: String(data.get('name') ?? ''), binding: data.get('binding') === 'latest-device' ? 'latest-device' : 'first-device', expiresInDays: days ? Number(days) : null };
    setError(null);
    const response = await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { token?: { name: string }; displayPath?: string; error?: { message: string } } | null;
    if (!response?.ok || !answer?.displayPath || !answer.token) {
      setError(answer?.error?.message ?? 'The console did not answer; no token was created.');
      return;
    }
    setCreated({ name: answer.token.name, link: new URL(answer.displayPath, window.location.origin).toString() });
    form.reset();
    router.refresh();
  };

  return (
    <div className="rounded-lg border border-line bg-surface p-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">
          Screen name
          <input name="name" required maxLength={60} placeholder="NOC wall left" className="mt-1 block h-9 w-72 rounded-md border border-line bg-canvas px-2 text-sm" />
        </label>
        <label className="text-sm font-medium">
          A second screen opening the link
          <select name="binding" defaultValue="first-device" className={selectClass}>
            <option value="first-device">is refused (the link signs in one screen)</option>
            <option value="latest-device">replaces the first screen</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Expires
          <select name="expiresInDays" defaultValue="" className={selectClass}>
            <option value="">never (until revoked)</option>
            <option value="1">after 1 day</option>
            <option value="7">after 7 days</option>
            <option value="30">after 30 days</option>
            <option value="90">after 90 days</option>
            <option value="365">after a year</option>
          </select>
        </label>
        <Button type="submit" variant="primary">
          Create display token
        </Button>
      </form>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-sev-p0">
          {error}
        </p>
      ) : null}
      {created ? <TokenLink name={created.name} link={created.link} lead="Open this link once on" /> : null}
    </div>
  );
}
