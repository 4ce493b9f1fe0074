import type { ReactNode } from 'react';
import { Button } from './button';

/** A failure people can act on: what failed, the message (never a stack trace) and a retry. */
export function ErrorPanel({ title, message, onRetry, children }: { title: string; message: string; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div role="alert" className="mx-auto max-w-2xl rounded-lg border border-sev-p0/50 bg-surface p-6">
      <h2 className="flex items-center gap-2 text-lg font-semibold">
        <span aria-hidden="true" className="text-sev-p0">✕</span>
        {title}
      </h2>
      <p className="mt-2 break-words text-sm text-muted">{message}</p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        {onRetry ? (
          <Button variant="primary" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
        {children}
      </div>
    </div>
  );
}
