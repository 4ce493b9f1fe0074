// Kubernetes resource quantities ("250m", "1.5", "128Mi", "1G", "12345n") as numbers. Pure.

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A quantity in base units (cores, bytes), or null when it is not a quantity. */
export function parseQuantity(text: string | undefined | null): number | null {
  if (typeof text !== 'string') return null;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1] + (match[2] ?? ''));
  const factor = SUFFIX[match[3] ?? ''];
  return Number.isFinite(value) && factor !== undefined ? value * factor : null;
}

/** CPU quantity in millicores (rounded), or null. */
export function cpuMillicores(text: string | undefined | null): number | null {
  const cores = parseQuantity(text);
  return cores === null ? null : Math.round(cores * 1000);
}

/** Memory quantity in bytes (rounded), or null. */
export function memoryBytes(text: string | undefined | null): number | null {
  const bytes = parseQuantity(text);
  return bytes === null ? null : Math.round(bytes);
}
