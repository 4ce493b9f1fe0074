import { z } from 'zod';
import { chartRanges, kebabIdPattern } from './ids';

/** Used by route handlers; the browser checks the same pattern with lib/api/ids.ts, without zod. */
export const sectionIdSchema = z.string().regex(kebabIdPattern, 'must be a section id (kebab-case)');
export const panelIdSchema = z.string().regex(kebabIdPattern, 'must be a panel id (kebab-case)');

export { chartRanges };
export const panelQuerySchema = z.object({ range: z.enum(chartRanges).default('1h') }).strict();
export type { ChartRange } from './ids';
