import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';

// Checked above the loading boundary so an anonymous visit is a real redirect, not a streamed one.
export default async function OverviewLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('status.read', '/');
  return children;
}
