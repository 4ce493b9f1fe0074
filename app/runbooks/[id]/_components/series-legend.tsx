'use client';

import { seriesStyle } from '@/lib/charts/palette';

type Props = {
  title: string;
  names: string[];
  /** The one series shown alone, or null when all are shown. */
  isolated: string | null;
  onIsolate: (name: string | null) => void;
};

/**
 * A chart's legend as buttons (reachable by keyboard, announced with aria-pressed): a click shows that
 * series alone, a second click on it shows them all again; a click on another isolates that one instead.
 * Each entry draws its line's colour and dash, so 20 series stay told apart.
 */
export function SeriesLegend({ title, names, isolated, onIsolate }: Props) {
  return (
    <ul aria-label={`Series of ${title}`} data-testid="series-legend" className="flex flex-wrap gap-x-1 gap-y-0.5 px-2 pt-1 text-[11px]">
      {names.map((name, i) => {
        const style = seriesStyle(i);
        const hidden = isolated !== null && isolated !== name;
        return (
          <li key={name}>
            <button
              type="button"
              data-testid="legend-entry"
              data-series={name}
              data-hidden={hidden ? 'true' : 'false'}
              aria-pressed={isolated === name}
              title={isolated === name ? 'Show every series again' : `Show only ${name}`}
              onClick={() => onIsolate(isolated === name ? null : name)}
              className={`inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-surface-2 focus-visible:ring-2 focus-visible:ring-focus focus-visible:outline-none ${hidden ? 'text-muted line-through opacity-60' : 'text-fg'}`}
            >
              <svg aria-hidden="true" width="18" height="8" className="shrink-0">
                <line x1="1" y1="4" x2="17" y2="4" stroke={style.colour} strokeWidth="2.5" strokeDasharray={style.dash || undefined} />
              </svg>
              {name}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
