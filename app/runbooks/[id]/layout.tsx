import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getCatalog } from '@/lib/server/catalog';

/**
 * Rejects unknown section ids here, above this segment's loading boundary, so the answer is a real
 * HTTP 404 (once the loading skeleton has streamed, the status can no longer change from 200).
 */
export default async function SectionLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Sign-in first: an anonymous visitor learns nothing, not even which section ids exist.
  await requirePageAccess('section.read', `/runbooks/${encodeURIComponent(id)}`);
  if (!getCatalog().byId.has(id)) notFound();
  return children;
}
