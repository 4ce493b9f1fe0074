'use client';

import { useState } from 'react';
import { Button } from './button';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A command shown verbatim with a Copy button; the command is never run by the console.
 * The button's name stays "Copy command" (it must never sound like it remediates); `describedBy` points
 * at the step's heading so a screen reader also hears which command.
 */
export function CodeBlock({ code, describedBy }: { code: string; describedBy?: string }) {
  const [state, setState] = useState<CopyState>('idle');

  async function copyCode() {
    try {
      // The clipboard API exists only in secure contexts (https or localhost).
      await navigator.clipboard.writeText(code);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }

  return (
    // The button floats, so only the first lines make room for it and long commands keep the full width.
    <div className="mt-1.5 rounded-md border border-line bg-canvas py-1.5 pr-1.5 pl-3">
      <Button size="sm" variant="default" onClick={copyCode} className="float-right mb-1 ml-2" aria-label="Copy command" aria-describedby={describedBy}>
        {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Select & copy' : 'Copy'}
      </Button>
      <pre className="py-0.5 font-mono text-[12.5px] leading-relaxed whitespace-pre-wrap break-words">
        <code>{code}</code>
      </pre>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy; select the text and copy it' : ''}
      </span>
    </div>
  );
}
