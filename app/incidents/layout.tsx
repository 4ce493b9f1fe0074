import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';

// Checked above the loading boundary so the answer is a real redirect or 403 (the pages check too).
export default async function IncidentsLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('section.read', '/incidents');
  return children;
}
