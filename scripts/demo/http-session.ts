// A browser's part in talking to the console, for the demo check: keeps the cookies the console sets,
// sends its own Origin (writes are same-origin only), and follows no redirect (a redirect to /login is
// an answer to report, not to follow).

export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async request(pathname: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = { origin: new URL(this.baseUrl).origin };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(pathname, this.baseUrl), {
      method: init.method ?? 'GET',
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }

  /** GET, expecting 200 and JSON; anything else throws with what came back instead. */
  async getJson<T>(pathname: string): Promise<T> {
    const response = await this.request(pathname);
    if (response.status !== 200) throw new Error(`GET ${pathname}: ${await describeResponse(response)}`);
    return (await response.json()) as T;
  }
}

/** "HTTP 403 (You may not …)" or "HTTP 307 to /login?next=…": what a failed answer said, for the check's message. */
export async function describeResponse(response: Response): Promise<string> {
  const location = response.headers.get('location');
  if (location) return `HTTP ${response.status} to ${location}`;
  const text = await response.text().catch(() => '');
  // A JSON error's message, an HTML page's title, or the start of anything else.
  let message = /<title>([^<]*)<\/title>/i.exec(text)?.[1] ?? text.slice(0, 200);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    /* not JSON */
  }
  message = message.replace(/\s+/g, ' ').trim();
  return `HTTP ${response.status}${message ? ` (${message})` : ''}`;
}
