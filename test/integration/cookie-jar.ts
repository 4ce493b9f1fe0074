// The OIDC integration tests drive the sign-in flow with plain fetch and manual redirects, so they
// need what a browser would do with cookies: keep them by name and path, drop them on Max-Age/Expires,
// and send back only those whose path matches. Just enough of a cookie jar for those tests, no more.

export type Cookie = { value: string; path: string; attributes: string };

export class CookieJar {
  private readonly cookies = new Map<string, Cookie>();

  /** Records the response's Set-Cookie headers; an expired one deletes the cookie of that name and path. */
  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      let path = '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path' && val) path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value: pair.slice(eq + 1), path, attributes: attributes.join('; ') });
    }
  }

  /** The first stored cookie with this name, whatever its path. */
  get(name: string): Cookie | undefined {
    return [...this.cookies.entries()].find(([key]) => key.startsWith(`${name};`))?.[1];
  }

  /** The Cookie header a browser would send to this URL: cookies whose path matches (path-prefix on segment boundaries). */
  header(url: URL) {
    return [...this.cookies.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.slice(0, key.indexOf(';'))}=${c.value}`)
      .join('; ');
  }
}
