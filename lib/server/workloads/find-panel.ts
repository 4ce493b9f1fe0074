import 'server-only';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { panelIdSchema, sectionIdSchema } from '@/lib/api/schemas';
import type { Panel, Section } from '@/lib/catalog/schema';
import { getCatalog } from '../catalog';

const kindWords: Record<Panel['kind'], string> = { timeseries: 'chart', workloads: 'workloads', logs: 'log tail', 'pms-vendors': 'PMS vendors' };

/**
 * The catalog panel a route names by id, of the kind that route serves. The browser names ids only; the
 * namespace, selector and filter come from here (named queries: nothing for a client to point elsewhere).
 */
export function findCatalogPanel<K extends Panel['kind']>(raw: { id: string; panelId: string }, kind: K): Extract<Panel, { kind: K }> {
  return findCatalogSectionPanel(raw, kind).panel;
}

/** The same, with the section the panel belongs to (for panels that read section data such as status links). */
export function findCatalogSectionPanel<K extends Panel['kind']>(raw: { id: string; panelId: string }, kind: K): { section: Section; panel: Extract<Panel, { kind: K }> } {
  const id = sectionIdSchema.safeParse(raw.id);
  if (!id.success) throw fromZodError(id.error, 'id');
  const panelId = panelIdSchema.safeParse(raw.panelId);
  if (!panelId.success) throw fromZodError(panelId.error, 'panelId');
  const section = getCatalog().byId.get(id.data);
  if (!section) throw new ApiError('not-found', `id: no runbook section "${id.data}"`, 'id');
  const panel = section.panels.find((p) => p.id === panelId.data);
  if (!panel) throw new ApiError('not-found', `panelId: section "${id.data}" has no panel "${panelId.data}"`, 'panelId');
  if (panel.kind !== kind) throw new ApiError('bad-request', `panelId: "${panel.id}" is a ${kindWords[panel.kind]} panel, not a ${kindWords[kind]} panel`, 'panelId');
  return { section, panel: panel as Extract<Panel, { kind: K }> };
}
