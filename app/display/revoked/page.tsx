import type { Metadata } from 'next';
import { findDisplayEndText } from '@/lib/auth/display-ends';

export const metadata: Metadata = { title: 'Display signed out' };

/** Where a display lands when its token is revoked, rotated, taken or expired, or its session ended: it says so, in letters readable from across the room. */
export default async function DisplayRevokedPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[] }> }) {
  const { reason } = await searchParams;
  const text = findDisplayEndText(typeof reason === 'string' ? reason : undefined);
  return (
    <div className="mx-auto mt-24 max-w-3xl text-center">
      <h1 className="text-4xl font-bold tracking-tight">{text.title}</h1>
      <p className="mt-4 text-xl text-muted">{text.body}</p>
    </div>
  );
}
