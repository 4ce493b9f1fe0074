'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { declareIncident } from '@/lib/client/incidents-api';

/**
 * Declares an incident for this section at any time (the server fills in its severity, firing rule and since
 * when). If one is already open for the section, that one opens instead of a second.
 */
export function DeclareButton({ sectionId }: { sectionId: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const declare = async () => {
    setState({ busy: true, error: null });
    try {
      const { incident } = await declareIncident({ section: sectionId });
      router.push(`/incidents/${incident.id}`);
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div className="mt-3 flex items-center gap-3">
      <Button size="sm" onClick={() => void declare()} disabled={state.busy} data-testid="declare-incident">
        {state.busy ? 'Declaring…' : 'Declare incident'}
      </Button>
      {state.error ? <span role="alert" className="text-sm text-sev-p0">{state.error}</span> : null}
    </div>
  );
}
