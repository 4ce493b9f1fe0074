import type { Metadata } from 'next';
import Link from 'next/link';
import { auditFiltersSchema, auditSearch, pickAuditFilterInput } from '@/lib/api/audit-schemas';
import { fromZodError } from '@/lib/api/errors';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getAuditChainStatus } from '@/lib/audit/chain-status';
import { queryAuditLog } from '@/lib/audit/query';
import { getCatalog } from '@/lib/server/catalog';
import { getStore } from '@/lib/server/store/store';
import { Card, CardHeader } from '@/components/ui/card';
import { AuditFilterForm } from './_components/audit-filter-form';
import { AuditTable } from './_components/audit-table';
import { ChainStatus } from './_components/chain-status';

export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const linkClass = 'inline-flex h-7 items-center rounded-md border border-line bg-surface-2 px-2 text-xs font-medium hover:bg-line/60';

/** The audit log for auditors: filter, page back through it, download it, and see whether the chain holds. */
export default async function AuditPage({ searchParams }: Props) {
  await requirePageAccess('audit.read', '/audit');
  const input = pickAuditFilterInput(await searchParams);
  const parsed = auditFiltersSchema.safeParse(input);
  const error = parsed.success ? null : fromZodError(parsed.error, 'query');
  const store = await getStore();
  const [chain, page] = await Promise.all([getAuditChainStatus(store), parsed.success ? queryAuditLog(store.db, parsed.data) : null]);
  const sectionTitles = Object.fromEntries([...getCatalog().byId.values()].map((section) => [section.id, section.title]));
  const exportSearch = (extra: Record<string, string>) => `/api/audit${auditSearch(input, extra)}`;

  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="mt-1 text-sm text-muted">Every sign-in, denial and change, newest first. Records are hash-chained: an edit, insertion or deletion shows below.</p>
        </div>
        <ChainStatus records={chain.records} problems={chain.problems} checkedAt={chain.checkedAt} />
      </header>

      <AuditFilterForm values={input} error={error ? { field: error.field ?? 'query', message: error.message } : null} />

      {page ? (
        <Card as="section" aria-labelledby="audit-results-heading">
          <CardHeader id="audit-results-heading" title={`${page.entries.length} ${page.entries.length === 1 ? 'record' : 'records'}${input.before ? ` before record ${input.before}` : ''}`}>
            <div className="flex items-center gap-2">
              <a href={exportSearch({ format: 'csv' })} className={linkClass}>Download CSV</a>
              <a href={exportSearch({ format: 'json', download: '1' })} className={linkClass}>Download JSON</a>
            </div>
          </CardHeader>
          <AuditTable entries={page.entries} links={{ sectionTitles }} />
          <nav aria-label="Pages" className="flex items-center justify-between gap-3 border-t border-line px-4 py-2 text-sm">
            {input.before ? (
              <Link href={`/audit${auditSearch(input, { before: undefined })}`} className="text-accent hover:underline">← Newest</Link>
            ) : (
              <span />
            )}
            {page.nextBefore !== null ? (
              <Link href={`/audit${auditSearch(input, { before: String(page.nextBefore) })}`} rel="next" className="font-medium text-accent hover:underline">Older →</Link>
            ) : (
              <span className="text-muted">Oldest match reached</span>
            )}
          </nav>
        </Card>
      ) : null}
    </div>
  );
}
