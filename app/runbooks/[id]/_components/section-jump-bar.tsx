/**
 * On a phone, a bar fixed to the bottom of the screen with the two places an on-call engineer goes to
 * from anywhere on a long section page: the signals (what fires) and the resolution steps (the buttons).
 * Hidden from md up, where both are on the first screen.
 */
export function SectionJumpBar({ buttons }: { buttons: number }) {
  return (
    <nav aria-label="Jump to" data-testid="section-jump-bar" className="fixed inset-x-0 bottom-0 z-30 flex gap-2 border-t border-line bg-surface/95 px-3 py-2 backdrop-blur md:hidden">
      <a href="#signals-heading" className="flex-1 rounded-md border border-line px-3 py-2 text-center text-sm font-medium">
        Signals
      </a>
      <a href="#resolution" className="flex-1 rounded-md border border-accent bg-accent/10 px-3 py-2 text-center text-sm font-semibold">
        Resolution{buttons > 0 ? ` · ${buttons} button${buttons === 1 ? '' : 's'}` : ''}
      </a>
    </nav>
  );
}
