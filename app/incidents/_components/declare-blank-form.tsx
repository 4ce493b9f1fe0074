'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { declareIncident } from '@/lib/client/incidents-api';

/** Declares an incident no section is firing for (a customer report, a vendor's status page). */
export function DeclareBlankForm() {
  const router = useRouter();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('P2');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { incident } = await declareIncident({ title, severity });
      router.push(`/incidents/${incident.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-wrap items-center gap-2" aria-label="Declare an incident">
      <input aria-label="Title" placeholder="What is wrong" value={title} onChange={(e) => setTitle(e.target.value)} className="h-8 w-64 rounded-md border border-line bg-surface px-2 text-sm" />
      <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value)} className="h-8 rounded-md border border-line bg-surface px-2 text-sm">
        {['P0', 'P1', 'P2', 'P3'].map((s) => <option key={s}>{s}</option>)}
      </select>
      <Button type="submit" size="sm" variant="primary">Declare incident</Button>
      {error ? <span role="alert" className="text-sm text-sev-p0">{error}</span> : null}
    </form>
  );
}
