'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { TokenLink } from './token-link';

/** Rotates a token (a new link for the same screen; the old one stops at once) and shows the new link once. */
export function RotateTokenButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rotate = async () => {
    if (!window.confirm(`Rotate the display token for “${name}”? Its current link stops working and its screen is signed out until it opens the new link.`)) return;
    setError(null);
    const response = await fetch(`/api/tokens/${encodeURIComponent(id)}/rotation`, { method: 'POST' }).catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { displayPath?: string; error?: { message: string } } | null;
    if (!response?.ok || !answer?.displayPath) setError(answer?.error?.message ?? 'Not rotated: the console did not answer.');
    else setLink(new URL(answer.displayPath, window.location.origin).toString());
    router.refresh();
  };
  return (
    <>
      <Button size="sm" onClick={rotate}>
        Rotate
      </Button>
      {error ? <span role="alert" className="ml-2 text-xs text-sev-p0">{error}</span> : null}
      {link ? <TokenLink name={name} link={link} lead="The new link for" /> : null}
    </>
  );
}
