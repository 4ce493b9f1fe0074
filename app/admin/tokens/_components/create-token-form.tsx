'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';

type Created = { name: string; link: string };

/** Creates a token and shows its display link once, with a copy button; it cannot be shown again. */
export function CreateTokenForm() {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setError(null);
    const response = await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { token?: { name: string }; displayPath?: string; error?: { message: string } } | null;
    if (!response?.ok || !body?.displayPath || !body.token) {
      setError(body?.error?.message ?? 'The console did not answer; no token was created.');
      return;
    }
    setCreated({ name: body.token.name, link: new URL(body.displayPath, window.location.origin).toString() });
    form.reset();
    router.refresh();
  };

  return (
    <div className="rounded-lg border border-line bg-surface p-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="text-sm font-medium">
          Screen name
          <input name="name" required maxLength={60} placeholder="NOC wall left" className="mt-1 block h-9 w-72 rounded-md border border-line bg-canvas px-2 text-sm" />
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
      {created ? (
        <div className="mt-3 rounded-md border border-accent p-3 text-sm" data-testid="created-token">
          <p className="font-medium">Open this link once on “{created.name}”. It is shown only now:</p>
          <code data-testid="created-token-link" className="mt-1 block break-all rounded bg-surface-2 p-2 text-xs">{created.link}</code>
          <Button size="sm" className="mt-2" onClick={() => navigator.clipboard?.writeText(created.link)}>
            Copy link
          </Button>
          {/* The same token opens the NOC wall instead of the overview; `&rotate=20` cycles through the firing sections. */}
          <p className="mt-3 font-medium">Or, for a wall screen, the NOC view:</p>
          <code data-testid="created-token-noc-link" className="mt-1 block break-all rounded bg-surface-2 p-2 text-xs">{`${created.link}&next=/noc`}</code>
          <Button size="sm" className="mt-2" onClick={() => navigator.clipboard?.writeText(`${created.link}&next=/noc`)}>
            Copy wall link
          </Button>
        </div>
      ) : null}
    </div>
  );
}
