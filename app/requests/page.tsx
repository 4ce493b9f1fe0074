import type { Metadata } from 'next';
import { can } from '@/lib/auth/permissions';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getCatalog } from '@/lib/server/catalog';
import { MyRequests } from './_components/my-requests';

export const metadata: Metadata = { title: 'My requests' };

/** What the signed-in person asked for: pending requests she can cancel, and what became of the others. */
export default async function RequestsPage() {
  const principal = await requirePageAccess('section.read', '/requests');
  const sectionTitles = Object.fromEntries([...getCatalog().byId.values()].map((section) => [section.id, section.title]));
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">My requests</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          Everything you asked the console to do, newest first: who decided, how it ended and whether the section recovered. A request still waiting for an approver can be cancelled here.
        </p>
      </header>
      <MyRequests sectionTitles={sectionTitles} mayCancel={can(principal.role, 'action.cancel')} mayRequest={can(principal.role, 'action.request')} />
    </div>
  );
}
