import type { ReactNode } from 'react';
import { requirePageAccess } from '@/lib/auth/page-access';
import './noc.css';

// Checked above the loading boundary so an anonymous visit is a real redirect, not a streamed one;
// a revoked display is sent to /display/revoked, never to a login form.
export default async function NocLayout({ children }: { children: ReactNode }) {
  await requirePageAccess('status.read', '/noc');
  // data-noc-root takes the site header and page frame away (noc.css), for the page, its loading and error states.
  return (
    <div data-noc-root className="h-dvh w-full overflow-hidden bg-canvas text-fg">
      {children}
    </div>
  );
}
