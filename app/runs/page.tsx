import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { runIdSchema } from '@/lib/api/action-schemas';
import { getRun } from '@/lib/actions/runs';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { getStore } from '@/lib/server/store/store';
import { AllRuns } from './_components/all-runs';
import { RunDetail } from './_components/run-detail';

export const metadata: Metadata = { title: 'Runs' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Every remediation run, newest first, for everyone who may read the runbooks (an operator sees what her
 * colleagues did, not only the approvers); `?id=<run>` is one run in full: the audit log links here.
 */
export default async function RunsPage({ searchParams }: Props) {
  await requirePageAccess('section.read', '/runs');
  const sectionTitles = Object.fromEntries([...getCatalog().byId.values()].map((section) => [section.id, section.title]));
  const { id } = await searchParams;
  if (id !== undefined) {
    const parsed = runIdSchema.safeParse(id);
    const run = parsed.success ? await getRun(await getStore(), parsed.data) : undefined;
    if (!run) notFound();
    return (
      <div className="space-y-4">
        <nav aria-label="Breadcrumb" className="text-sm text-muted">
          <Link href="/runs" className="hover:text-fg hover:underline">Runs</Link>
          <span aria-hidden="true"> › </span>
          <span aria-current="page">{run.title}</span>
        </nav>
        <RunDetail run={run} sectionTitle={sectionTitles[run.section_id] ?? run.section_id} live={{ pollMs: getEnv().POLL_INTERVAL_MS, staleAfterMs: getEnv().STALE_UNKNOWN_AFTER_MS }} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Runs</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">Every remediation asked for in the console, newest first: who asked, who decided, how it ended and whether the section recovered.</p>
      </header>
      <AllRuns sectionTitles={sectionTitles} />
    </div>
  );
}
