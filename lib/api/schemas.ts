import { z } from 'zod';

/** Shared by route handlers and the browser hooks that call them. */
export const sectionIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a section id (kebab-case)');
export const panelIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a panel id (kebab-case)');

export const chartRanges = ['15m', '1h', '6h', '24h'] as const;
export const panelQuerySchema = z.object({ range: z.enum(chartRanges).default('1h') }).strict();
export type ChartRange = (typeof chartRanges)[number];
