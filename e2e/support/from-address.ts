// HTTP requests to the console from a chosen loopback source address. Linux routes all of 127.0.0.0/8 to
// loopback, so 127.0.0.2 is "another client" as far as the console's socket can tell: the only way to
// prove that it believes the socket and not a header, without a second machine.
import http from 'node:http';

export type PlainAnswer = { status: number; body: string; headers: http.IncomingHttpHeaders };

export function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

/** A sign-in attempt, as the login form sends it (same origin, JSON), from `localAddress`. */
export function signInFrom(localAddress: string, consoleUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<PlainAnswer> {
  return requestFrom(localAddress, `${consoleUrl}/api/auth/login`, {
    method: 'POST',
    headers: { origin: consoleUrl, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
}
