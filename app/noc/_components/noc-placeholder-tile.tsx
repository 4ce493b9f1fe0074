import { nocTileFontSize } from './noc-tile';

/**
 * A section before the first answer: known by name from the catalog, state unknown (never green).
 * With an error it says why nothing is shown yet.
 */
export function NocPlaceholderTile({ id, title, error }: { id: string; title: string; error: string | null }) {
  return (
    <article
      data-testid="noc-tile"
      data-placeholder="true"
      data-section-id={id}
      data-severity="unknown"
      className="flex h-full w-full flex-col gap-[0.4em] overflow-hidden rounded-[0.35em] border-[0.08em] border-l-[0.45em] border-dashed border-line border-l-sev-unknown bg-surface px-[0.75em] py-[0.55em]"
      style={{ fontSize: nocTileFontSize }}
    >
      <span className="w-fit rounded-[0.25em] border-[0.08em] border-dashed border-sev-unknown px-[0.4em] text-[1.05em] font-extrabold text-sev-unknown-fg">
        <span aria-hidden="true">? </span>…
      </span>
      <h2 className="line-clamp-3 text-[1.1em] leading-[1.15] font-semibold">{title}</h2>
      <p className="line-clamp-2 text-[0.8em] text-muted">{error ? `No data yet: ${error}` : 'Waiting for the first reading…'}</p>
    </article>
  );
}
