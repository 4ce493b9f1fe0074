import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';

// Checked above the loading boundary so the answer is a real redirect or 403, not a streamed one (the page checks too).
export default async function EstateLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('estate.check', '/admin/estate');
  return children;
}
