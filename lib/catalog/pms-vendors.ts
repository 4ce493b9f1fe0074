import type { Action, Section } from './schema';

/** The vendors a console knows when PMS_HEALTH_URLS names none (the contract's five). */
export const defaultPmsVendors: readonly string[] = ['apaleo', 'mews', 'opera', 'cloudbeds', 'protel'];

/**
 * Turns every `pms-vendor` parameter into a choice among the configured vendors, so a button can only
 * name a vendor this console is set up for and the browser is given the list to choose from.
 */
export function bindPmsVendors(sections: Section[], vendors: readonly string[]): Section[] {
  const bindParams = (params: Action['params']): Action['params'] =>
    Object.fromEntries(Object.entries(params).map(([name, spec]) => [name, spec.type === 'pms-vendor' ? { type: 'enum', values: [...vendors] } : spec]));
  return sections.map((section) => ({
    ...section,
    resolution: section.resolution.map((step) => (step.action ? { ...step, action: { ...step.action, params: bindParams(step.action.params) } } : step)),
  }));
}
