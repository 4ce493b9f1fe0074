'use client';

import { useEffect, useRef, useState } from 'react';
import { postPreview, type ActionPreview } from '@/lib/client/action-api';
import type { ActionParams } from './action-params';

// Typing "7" in a number box after "1" should cost one dry run against the cluster, not one per keystroke.
const DEBOUNCE_MS = 400;

type Result = { key: string; params: ActionParams; preview: ActionPreview | null; error: unknown };

/**
 * The server's dry run for these parameters: asked at once when the dialog opens, then again (debounced)
 * whenever they change or `attempt` is bumped ("Preview again"). Never retried by itself. A late answer
 * for parameters no longer shown is dropped, so the preview on screen always matches the inputs.
 */
export function useActionPreview(section: string, step: string, params: ActionParams | null, attempt: number) {
  const key = params ? `${attempt}:${JSON.stringify(params)}` : null;
  const [result, setResult] = useState<Result | null>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (!params || key === null) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        asked.current = true;
        postPreview({ section, step, params }, controller.signal).then(
          (preview) => {
            if (!controller.signal.aborted) setResult({ key, params, preview, error: null });
          },
          (error: unknown) => {
            if (!controller.signal.aborted) setResult({ key, params, preview: null, error });
          },
        );
      },
      asked.current ? DEBOUNCE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [section, step, params, key]);

  const current = result !== null && result.key === key ? result : null;
  return {
    /** The preview for the parameters now in the inputs, or null while it is being made. */
    preview: current?.preview ?? null,
    /** The parameters that preview was made for: what a confirm sends. */
    previewedParams: current?.preview ? current.params : null,
    error: current?.error ?? null,
    loading: key !== null && current === null,
    /** The last preview shown, kept (dimmed) while the next one is made. */
    previous: result?.preview ?? null,
  };
}
