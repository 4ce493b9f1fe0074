import { z } from 'zod';
import type { Action } from '@/lib/catalog/schema';

type ParamSpec = Action['params'][string];

/**
 * One written form per address, so a key built from it is the one the service looks up: `2001:DB8:0::1`
 * and `2001:db8::1` are the same address (the URL parser writes IPv6 in its canonical RFC 5952 form).
 */
const canonicalAddress = (ip: string) => (ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip);
const addressSchema = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).transform(canonicalAddress);

function schemaFor(spec: ParamSpec): z.ZodType {
  if (spec.type === 'integer') {
    const bounded = z.number().int('must be a whole number').min(spec.min, `must be at least ${spec.min}`).max(spec.max, `must be at most ${spec.max}`);
    return spec.default === undefined ? bounded : bounded.default(spec.default);
  }
  if (spec.type === 'enum') {
    const choice = z.enum(spec.values as [string, ...string[]], { error: `must be one of ${spec.values.join(', ')}` });
    return spec.default === undefined ? choice : choice.default(spec.default);
  }
  if (spec.type === 'ipv4-or-ipv6') return addressSchema;
  // Bound to the configured vendors when the server loads the catalog (lib/catalog/pms-vendors.ts); unbound, nothing is valid.
  if (spec.type === 'pms-vendor') return z.never({ error: 'no PMS vendors are configured on this console' });
  if (spec.type === 'numeric-id') return z.string().regex(/^\d{1,12}$/, 'must be a numeric id');
  return z.array(addressSchema).min(1, 'must list at least one address').max(20, 'must list at most 20 addresses');
}

/**
 * The parameters a person may choose for an action, checked against the catalog's bounds. Anything
 * not declared is refused: the browser picks values, never targets, keys or paths.
 */
export function buildParamsSchema(action: Action): z.ZodType<Record<string, unknown>> {
  const shape = Object.fromEntries(Object.entries(action.params).map(([name, spec]) => [name, schemaFor(spec)]));
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}
