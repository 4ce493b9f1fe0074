import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';

export default async function RoutinesLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('routine.read', '/routines');
  return children;
}
