'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { describeError, fetchOverview } from '@/lib/client/api';
import { decideShortcut, nextFiringSection, shortcuts, type ShortcutId } from '@/lib/client/shortcuts';
import { Button } from '@/components/ui/button';

/** Where the root layout keeps page skip links, right after "Skip to content" (app/layout.tsx). */
export const SKIP_LINKS_SLOT = 'page-skip-links';

const subscribeNever = () => () => undefined;

/** The first remediation a person may press, else the resolution card itself (it takes the focus, tabIndex -1). */
function focusResolution() {
  const card = document.getElementById('resolution');
  const button = card?.querySelector<HTMLButtonElement>('[data-testid="action-button"]:not([disabled])');
  (button ?? card)?.focus();
  (button ?? card)?.scrollIntoView({ block: 'center' });
}

/**
 * The section page's keyboard (issue 15 point 11): a skip link to the resolution steps as the second stop of the
 * page (after "Skip to content"), and shortcuts for the common moves, listed under `?` (and the button here).
 * Shortcuts never fire while a person types, and not while another dialog (a remediation's) is open.
 */
export function SectionShortcuts({ sectionId }: { sectionId: string }) {
  const router = useRouter();
  const helpRef = useRef<HTMLDialogElement>(null);
  const [notice, setNotice] = useState('');
  // The slot exists only in the browser's document: the skip link is rendered into it after hydration.
  const slot = useSyncExternalStore(subscribeNever, () => document.getElementById(SKIP_LINKS_SLOT), () => null);

  useEffect(() => {
    async function run(id: ShortcutId) {
      if (id === 'help') {
        const help = helpRef.current;
        if (help?.open) help.close();
        else help?.showModal();
        return;
      }
      if (id === 'resolution') return focusResolution();
      if (id === 'acknowledge') {
        const button = document.querySelector<HTMLButtonElement>('[data-testid="alert-row"] [data-testid="ack-button"]:not([disabled])');
        if (!button) return setNotice('Nothing to acknowledge here: no alert of this section waits for one (or your role may not acknowledge).');
        button.click();
        // The form opens on the next render: its comment box takes the typing.
        requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('[data-testid="alert-ack-form"] textarea')?.focus());
        return;
      }
      setNotice('Looking for the next firing section…');
      try {
        const next = nextFiringSection((await fetchOverview()).sections, sectionId);
        if (next) router.push(`/runbooks/${encodeURIComponent(next)}`);
        else setNotice('No other section fires now.');
      } catch (error) {
        setNotice(`The sections cannot be read: ${describeError(error)}`);
      }
    }
    function onKeyDown(event: KeyboardEvent) {
      const id = decideShortcut(event);
      if (!id) return;
      // Another dialog (a remediation's preview) has the keyboard; only this list's own `?` closes it.
      const open = document.querySelector('dialog[open]');
      if (open && open !== helpRef.current) return;
      if (open && id !== 'help') return;
      event.preventDefault();
      void run(id);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [router, sectionId]);

  return (
    <>
      {slot
        ? createPortal(
            <a
              href="#resolution"
              data-testid="skip-to-resolution"
              onClick={(event) => {
                event.preventDefault();
                focusResolution();
              }}
              className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
            >
              Skip to resolution steps
            </a>,
            slot,
          )
        : null}
      <div className="flex justify-end max-md:hidden">
        <Button variant="ghost" size="sm" data-testid="shortcuts-button" aria-keyshortcuts="?" onClick={() => helpRef.current?.showModal()}>
          Keyboard shortcuts <kbd className="rounded border border-line px-1 font-mono">?</kbd>
        </Button>
      </div>
      <p role="status" data-testid="shortcut-notice" className="sr-only">
        {notice}
      </p>
      <dialog ref={helpRef} aria-labelledby="shortcuts-title" data-testid="shortcuts-help" className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50">
        <div className="flex items-start justify-between gap-3 border-b border-line px-4 py-3">
          <h2 id="shortcuts-title" className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <Button variant="ghost" size="sm" aria-label="Close" onClick={() => helpRef.current?.close()}>
            ✕
          </Button>
        </div>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 px-4 py-3 text-sm">
          {shortcuts.map((s) => (
            <div key={s.id} className="contents" data-testid="shortcut-row" data-shortcut={s.id}>
              <dt>
                <kbd className="rounded border border-line bg-surface-2 px-1.5 font-mono">{s.key}</kbd>
              </dt>
              <dd>{s.label}</dd>
            </div>
          ))}
        </dl>
        <p className="border-t border-line px-4 py-2 text-xs text-muted">Not while typing in a box. Tab from the top: “Skip to resolution steps” is the second stop.</p>
      </dialog>
    </>
  );
}
