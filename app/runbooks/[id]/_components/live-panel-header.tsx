import type { ReactNode } from 'react';
import { DataAge } from './data-age';

/** A live Kubernetes panel's title row: its name, where it reads from, and how old its data is. */
export function LivePanelHeader({ headingId, title, source, generatedAt, pollMs, stale, children }: {
  headingId: string;
  title: string;
  source: ReactNode;
  generatedAt: number | undefined;
  pollMs: number;
  stale: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1 border-b border-line px-4 py-2">
      <div className="min-w-0">
        <h3 id={headingId} className="text-sm font-semibold">{title}</h3>
        <p className="text-xs break-words text-muted">{source}</p>
        {children}
      </div>
      {generatedAt ? <DataAge evaluatedAt={generatedAt} pollMs={pollMs} stale={stale} /> : null}
    </div>
  );
}
