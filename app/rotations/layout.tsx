import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';

// Checked above the loading boundary so the answer is a real redirect or 403, not a streamed one (the page checks too).
export default async function RotationsLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('section.read', '/rotations');
  return children;
}
