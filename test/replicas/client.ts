// A browser's worth of HTTP for the replica tests: cookies kept across requests, the console's Origin on
// writes, and which replica answered (HAProxy's `x-voicehive-replica` header).
import { REPLICA_HEADER } from '@/scripts/stack/replicas';
import { CookieJar } from '../integration/cookie-jar';

export type Answer<T = unknown> = { status: number; replica: string | null; body: T; headers: Headers };

export class Client {
  /** `base`: the balancer (or one replica); `origin`: the console's URL, sent as Origin like a browser on it would. */
  constructor(
    private readonly base: string,
    private readonly origin: string = base,
    readonly jar: CookieJar = new CookieJar(),
  ) {}

  /** The same cookies, sent to another address (one replica directly, bypassing the balancer). */
  at(base: string): Client {
    return new Client(base, this.origin, this.jar);
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const url = new URL(path, this.base);
    const cookie = this.jar.header(url);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method === 'GET' ? {} : { origin: this.origin }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    this.jar.store(response);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: the text */
    }
    return { status: response.status, replica: response.headers.get(REPLICA_HEADER), body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string): Promise<Answer<T>> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<Answer<T>> {
    return this.request<T>('POST', path, body ?? {});
  }

  async signIn(username: string, password: string): Promise<Answer> {
    const answer = await this.post('/api/auth/login', { username, password });
    if (answer.status !== 200) throw new Error(`signing ${username} in: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }
}

/** How many answers each replica gave. */
export function countByReplica(answers: { replica: string | null }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { replica } of answers) counts[replica ?? 'none'] = (counts[replica ?? 'none'] ?? 0) + 1;
  return counts;
}
