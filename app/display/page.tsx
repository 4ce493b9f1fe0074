import type { Metadata } from 'next';
import { DisplaySignIn } from './_components/display-sign-in';

export const metadata: Metadata = { title: 'Display sign-in' };

/**
 * A NOC screen opens `/display#token=…` once. The token travels in the fragment, which browsers never
 * send to a server, so it stays out of access logs and proxies; the page trades it for a display session.
 */
export default function DisplayPage() {
  return <DisplaySignIn />;
}
