/** The only query parameters carried to /noc (see lib/noc/options.ts), each short. */
const nocParams = ['rotate', 'alert'] as const;
const BASE = 'http://display.invalid';

/**
 * Where a display goes after signing in: `/display#token=…&next=/noc?rotate=20`. The NOC wall, or else
 * the overview (`/`), rebuilt from known parts (never the text as given), so a display link cannot be
 * turned into a jump to another site or to another page of the console.
 * `fragment` is the sign-in link's fragment. `rotate` and `alert` may sit inside `next`
 * (`next=%2Fnoc%3Frotate%3D20`) or beside it (`next=/noc&rotate=20`), since an unencoded `&` in `next`
 * ends it.
 */
export function resolveDisplayNext(fragment: URLSearchParams): string {
  const raw = fragment.get('next');
  if (!raw) return '/';
  // A path on this site only: no scheme, no host, no `//host`, no backslashes or control characters.
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || url.pathname !== '/noc') return '/';
  const query = new URLSearchParams();
  for (const name of nocParams) {
    const value = url.searchParams.get(name) ?? fragment.get(name);
    if (value) query.set(name, value.slice(0, 16));
  }
  const search = query.toString();
  return search ? `/noc?${search}` : '/noc';
}
