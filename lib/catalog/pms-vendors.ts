import type { Action, Section } from './schema';

/**
 * Turns every `pms-vendor` parameter into a choice among the configured vendors (PMS_HEALTH_URLS), so a
 * button can only name a vendor this console is set up for and the browser is given the list. With none
 * configured the parameter stays unbound, and accepts nothing ("no PMS vendors are configured").
 */
export function bindPmsVendors(sections: Section[], vendors: readonly string[]): Section[] {
  if (vendors.length === 0) return sections;
  const bindParams = (params: Action['params']): Action['params'] =>
    Object.fromEntries(Object.entries(params).map(([name, spec]) => [name, spec.type === 'pms-vendor' ? { type: 'enum', values: [...vendors] } : spec]));
  return sections.map((section) => ({
    ...section,
    resolution: section.resolution.map((step) => (step.action ? { ...step, action: { ...step.action, params: bindParams(step.action.params) } } : step)),
  }));
}
