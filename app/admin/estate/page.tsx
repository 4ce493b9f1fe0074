import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getExporterSelectors, getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { checkEstate } from '@/lib/server/estate-check';
import { getPrometheus } from '@/lib/server/prometheus-instance';
import { MetricTable, SectionTable } from './_components/estate-tables';

export const metadata: Metadata = { title: 'Estate check' };

/** The seed's "Missing metrics" runbook as a page: what the configured Prometheus has, and what can be judged. */
export default async function EstatePage() {
  await connection();
  await requirePageAccess('estate.check', '/admin/estate');
  const prometheus = getPrometheus();
  const check = await checkEstate(getCatalog().sections, getExporterSelectors(), (expr) => prometheus.query(expr));
  const judged = check.sections.filter((s) => s.judgeable).length;
  const found = check.metrics.filter((m) => m.location.state === 'found').length;
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Estate check</h1>
        <p className="mt-1 text-sm text-muted">
          Prometheus at <code className="rounded bg-surface-2 px-1">{new URL(getEnv().PROMETHEUS_URL).host}</code>: {found} of {check.metrics.length} metrics of the contract
          found with the configured exporter selectors; {judged} of {check.sections.length} sections can be judged. The same table:{' '}
          <code className="rounded bg-surface-2 px-1">npm run ops -- check-estate</code>.
        </p>
      </div>
      <SectionTable sections={check.sections} />
      <MetricTable metrics={check.metrics} />
    </div>
  );
}
