'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    if (!window.confirm(`Revoke the display token for “${name}”? That screen stops showing status.`)) return;
    const response = await fetch(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => null);
    if (!response?.ok) setError('Not revoked: the console refused or did not answer.');
    router.refresh();
  };
  return (
    <>
      <Button size="sm" onClick={revoke}>
        Revoke
      </Button>
      {error ? <span role="alert" className="ml-2 text-xs text-sev-p0">{error}</span> : null}
    </>
  );
}
