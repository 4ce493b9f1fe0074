/** What the wall's address may ask for: `/noc?rotate=20&alert=sound`. */
export type AlertMode = 'off' | 'flash' | 'sound';
export type NocOptions = {
  /** Milliseconds each view stays up when rotating through the firing sections, or null for the grid only. */
  rotateMs: number | null;
  alert: AlertMode;
  /** Parameters that were given but not understood, in words for the header: never silently ignored. */
  notes: string[];
};

export const rotateBounds = { minSeconds: 5, maxSeconds: 300 } as const;
const alertModes: readonly AlertMode[] = ['off', 'flash', 'sound'];

type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

function readParam(params: SearchParams, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The wall's options from its query string; a bad value is ignored and named in `notes`. */
export function parseNocOptions(params: SearchParams): NocOptions {
  const notes: string[] = [];
  let rotateMs: number | null = null;
  const rotate = readParam(params, 'rotate');
  if (rotate !== undefined && rotate !== '') {
    const seconds = /^\d{1,4}$/.test(rotate) ? Number(rotate) : NaN;
    if (seconds >= rotateBounds.minSeconds && seconds <= rotateBounds.maxSeconds) rotateMs = seconds * 1000;
    else notes.push(`rotate=${rotate.slice(0, 12)} ignored (${rotateBounds.minSeconds}–${rotateBounds.maxSeconds} s)`);
  }
  let alert: AlertMode = 'off';
  const alertParam = readParam(params, 'alert');
  if (alertParam !== undefined && alertParam !== '') {
    if ((alertModes as readonly string[]).includes(alertParam)) alert = alertParam as AlertMode;
    else notes.push(`alert=${alertParam.slice(0, 12)} ignored (flash or sound)`);
  }
  return { rotateMs, alert, notes };
}
