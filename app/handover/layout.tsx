import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';

export default async function HandoverLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('section.read', '/handover');
  return children;
}
