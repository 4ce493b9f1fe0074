'use client';

import { Button } from '@/components/ui/button';

/** A display link, shown once (after creating or rotating a token), with the NOC wall variant and copy buttons. */
export function TokenLink({ name, link, lead }: { name: string; link: string; lead: string }) {
  const wall = `${link}&next=/noc`;
  return (
    <div className="mt-3 rounded-md border border-accent p-3 text-left text-sm" data-testid="created-token">
      <p className="font-medium">
        {lead} “{name}”. It is shown only now:
      </p>
      <code data-testid="created-token-link" className="mt-1 block break-all rounded bg-surface-2 p-2 text-xs">{link}</code>
      <Button size="sm" className="mt-2" onClick={() => navigator.clipboard?.writeText(link)}>
        Copy link
      </Button>
      {/* The same token opens the NOC wall instead of the overview; `&rotate=20` cycles through the firing sections. */}
      <p className="mt-3 font-medium">Or, for a wall screen, the NOC view:</p>
      <code data-testid="created-token-noc-link" className="mt-1 block break-all rounded bg-surface-2 p-2 text-xs">{wall}</code>
      <Button size="sm" className="mt-2" onClick={() => navigator.clipboard?.writeText(wall)}>
        Copy wall link
      </Button>
    </div>
  );
}
