import Link from 'next/link';
import { can } from '@/lib/auth/permissions';
import { getPageSession } from '@/lib/auth/page-access';
import { getCatalog } from '@/lib/server/catalog';

/** Nothing at this address (an unknown section id, most often): say so and list the sections that exist. */
export async function NotFoundPanel({ title }: { title: string }) {
  const session = await getPageSession();
  // Only someone who may read sections is shown which ones exist.
  const sections = session.status === 'active' && can(session.principal.role, 'section.read') ? getCatalog().sections : [];
  return (
    <div className="mx-auto max-w-2xl rounded-lg border border-line bg-surface p-6">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-muted">There is no page or runbook section at this address.{sections.length > 0 ? ' The catalog has these sections:' : ''}</p>
      <ul className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        {sections.map((s) => (
          <li key={s.id}>
            <Link href={`/runbooks/${s.id}`} className="text-accent hover:underline">
              {s.title}
            </Link>
          </li>
        ))}
      </ul>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-accent underline underline-offset-4">
        Back to the overview
      </Link>
    </div>
  );
}
