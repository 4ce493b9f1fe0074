'use client';

import dynamic from 'next/dynamic';

/**
 * The live chart card, in a chunk of its own with the charting library (recharts and what it brings, ~125 kB
 * gzip). Still rendered on the server (the card is in the HTML, and the page preloads the chunk), but no longer
 * one of the section route's own chunks: a link prefetching this route (the overview's tiles) does not pull it.
 */
export const PanelChart = dynamic(() => import('./panel-chart').then((m) => m.PanelChart));
