import Link from 'next/link';

/** What forbidden() renders, with a real 403: the page exists, but the role may not see it. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-line bg-surface p-6">
      <h1 className="text-lg font-semibold">Not allowed for your role</h1>
      <p className="mt-2 text-sm text-muted">Your role does not include this page. Ask an admin if you need it; the attempt was recorded in the audit log.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-accent underline underline-offset-4">
        Back to the overview
      </Link>
    </div>
  );
}
