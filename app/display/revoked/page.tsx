import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Display token revoked' };

/** Where a display lands when its token is revoked: it says so, in letters readable from across the room. */
export default function DisplayRevokedPage() {
  return (
    <div className="mx-auto mt-24 max-w-3xl text-center">
      <h1 className="text-4xl font-bold tracking-tight">This display&apos;s token was revoked</h1>
      <p className="mt-4 text-xl text-muted">It no longer shows estate status. An admin can create a new display link under Display tokens.</p>
    </div>
  );
}
