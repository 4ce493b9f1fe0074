/**
 * Words for an error caught by an error boundary. Server errors reach the browser with a generic message
 * and a digest (no details, by design); the digest lets an operator find the server log line.
 */
export function describePageError(error: unknown): string {
  if (error instanceof Error) {
    const digest = (error as Error & { digest?: string }).digest;
    return digest ? `${error.message} (reference ${digest}: see the console server log)` : error.message;
  }
  return String(error);
}
