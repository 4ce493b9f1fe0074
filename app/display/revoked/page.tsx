import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Display signed out' };

const texts = {
  revoked: { title: "This display's token was revoked", body: 'It no longer shows estate status. An admin can create a new display link under Display tokens.' },
  expired: { title: "This display's session ended", body: 'It was unused for a long time (DISPLAY_SESSION_IDLE_TIMEOUT). Open its display link again, or ask an admin for a new one.' },
};

/** Where a display lands when its token is revoked or its session ended: it says so, in letters readable from across the room. */
export default async function DisplayRevokedPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[] }> }) {
  const { reason } = await searchParams;
  const text = reason === 'expired' ? texts.expired : texts.revoked;
  return (
    <div className="mx-auto mt-24 max-w-3xl text-center">
      <h1 className="text-4xl font-bold tracking-tight">{text.title}</h1>
      <p className="mt-4 text-xl text-muted">{text.body}</p>
    </div>
  );
}
