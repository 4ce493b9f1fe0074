// What an admin endpoint answers ends up in the run, the append-only audit log and the browser: anything
// that looks like a credential is replaced before it goes anywhere.

const SECRET_KEY = /token|secret|password|passwd|authorization|api[-_]?key|credential|private[-_]?key|cookie/i;
// Keys that only describe a secret's state, not the secret (the catalog compares them).
const STATE_KEY = /(state|status|expires|expiry|valid)/i;
// Bearer tokens and JWTs in free text (an error page, a log line echoed back).
const SECRET_TEXT = /(bearer\s+)[\w.~+/=-]{8,}|eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/gi;

export function redactText(text: string): string {
  return text.replace(SECRET_TEXT, (match, bearer: string | undefined) => (bearer ? `${bearer}***` : '***'));
}

/** A copy of a JSON answer with credential-looking fields replaced by "***" and secrets in text masked. */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, SECRET_KEY.test(key) && !STATE_KEY.test(key) ? '***' : redactSecrets(child)]));
  }
  return value;
}
