import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { getContactsConfig } from '@/lib/server/contacts';
import { contactsForSection } from '@/lib/contacts/config';
import { DiagnosisList } from './_components/diagnosis-list';
import { EscalationCard } from './_components/escalation-card';
import { KubernetesPanels } from './_components/kubernetes-panels';
import { LiveSeverity } from './_components/live-severity';
import { PanelChart } from './_components/panel-chart';
import { ChartsGroup } from './_components/chart-range';
import { ResolutionSteps } from './_components/resolution-steps';
import { SectionStaleBanner } from './_components/section-stale-banner';
import { SignalTable } from './_components/signal-table';
import { SymptomsCard } from './_components/symptoms-card';
import { PmsVendorsPanel } from './_components/pms-vendors-panel';
import { AlertsCard } from './_components/alerts-card';
import { DeclarePrompt } from '@/components/incidents/declare-prompt';
import { DeclareButton } from '@/components/incidents/declare-button';
import { can } from '@/lib/auth/permissions';
import { getIncidentConfig } from '@/lib/server/incidents/config';
import { SectionShortcuts } from './_components/section-shortcuts';
import { SectionJumpBar } from './_components/section-jump-bar';
import { RecentRunsCard } from './_components/recent-runs-card';
import { listIncidents } from '@/lib/incidents/records';
import { getStore } from '@/lib/server/store/store';
import { TemporaryChangesCard } from '@/components/temporary-changes';
import { prefetchFirstData } from '@/lib/server/first-data';

type Props = { params: Promise<{ id: string }> };

function findSection(id: string) {
  return getCatalog().byId.get(id);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const section = findSection((await params).id);
  return { title: section ? section.title : 'Section not found' };
}

/** A runbook section as a live page: why it fires, the charts, how to diagnose and how to resolve it. */
export default async function SectionPage({ params }: Props) {
  await connection();
  const { id } = await params;
  const principal = await requirePageAccess('section.read', `/runbooks/${encodeURIComponent(id)}`);
  const section = findSection(id);
  if (!section) notFound();
  const env = getEnv();
  const live = { id: section.id, pollMs: env.POLL_INTERVAL_MS, staleAfterMs: env.STALE_UNKNOWN_AFTER_MS };
  const charts = section.panels.flatMap((p) => (p.kind === 'timeseries' ? [p] : []));
  // An acknowledgement made here during an open incident can be kept alive until its recovery; the store down
  // only loses that offer, not the page.
  const [openIncidentId, firstData] = await Promise.all([
    getStore()
      .then(async (store) => (await listIncidents(store.db, { openOnly: true })).find((i) => i.sections.includes(section.id))?.id ?? null)
      .catch(() => null),
    // The section's status in the HTML (its live parts start from it instead of placeholders), after the check above.
    prefetchFirstData(principal, { sectionId: section.id }),
  ]);

  return (
    <HydrationBoundary state={firstData}><div className="space-y-4 pb-14 md:pb-0">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/" className="hover:text-fg hover:underline">Overview</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{section.title}</span>
      </nav>

      <SectionShortcuts sectionId={section.id} />
      <SectionStaleBanner {...live} />
      <DeclarePrompt sectionId={section.id} canDeclare={can(principal.role, 'incident.manage')} levels={getIncidentConfig().declarePrompt.levels} afterMinutes={getIncidentConfig().declarePrompt.afterMinutes} pollMs={env.POLL_INTERVAL_MS} />

      <header className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(360px,520px)]">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">{section.title}</h1>
          <p className="mt-1 max-w-3xl text-[15px] leading-relaxed text-muted">{section.summary}</p>
          {/* Long lists of sources: folded on a phone, where the first screens are for what fires and what to do. */}
          <p className="mt-2 text-xs text-muted max-md:hidden">From the runbooks: {section.sources.join(' · ')}</p>
          <details className="mt-2 text-xs text-muted md:hidden">
            <summary className="cursor-pointer">From the runbooks ({section.sources.length})</summary>
            {section.sources.join(' · ')}
          </details>
          {can(principal.role, 'incident.manage') ? <DeclareButton sectionId={section.id} /> : null}
        </div>
        <LiveSeverity {...live} severityTable={getCatalog().severityTable} />
      </header>

      {/*
        Two columns on a wide screen (what is going on | what to do). On a narrower one the columns dissolve
        (display: contents) and the order puts first what an on-call engineer needs in the moment: the signals,
        the alerts, then the resolution buttons, before charts and tables (issue 15 point 10).
      */}
      <div className="flex flex-col gap-4 xl:grid xl:grid-cols-[minmax(0,1fr)_minmax(380px,560px)] xl:items-start">
        <div className="contents xl:block xl:min-w-0 xl:space-y-4">
          <div className="order-1 min-w-0 xl:order-none">
            <SignalTable {...live} signals={section.signals.map(({ id, name, unit, rules, states, subject }) => ({ id, name, unit, rules, states, subject }))} />
          </div>
          {/* Per-vendor tiles right under the signals: which vendor, and why, before any chart. */}
          {section.panels.flatMap((panel) =>
            panel.kind === 'pms-vendors'
              ? [
                  <div key={panel.id} className="order-4 min-w-0 xl:order-none">
                    <PmsVendorsPanel sectionId={section.id} panel={panel} pollMs={env.POLL_INTERVAL_MS} />
                  </div>,
                ]
              : [],
          )}
          {charts.length > 0 ? (
            <section aria-labelledby="charts-heading" className="order-5 min-w-0 space-y-2 xl:order-none">
              <ChartsGroup>
                <div className="grid gap-3 2xl:grid-cols-2">
                  {charts.map((panel) => (
                    <PanelChart key={panel.id} sectionId={section.id} panel={panel} pollMs={env.POLL_INTERVAL_MS} />
                  ))}
                </div>
              </ChartsGroup>
            </section>
          ) : null}
          <div className="order-6 min-w-0 space-y-4 xl:order-none">
            <KubernetesPanels sectionId={section.id} panels={section.panels} pollMs={env.POLL_INTERVAL_MS} role={principal.role} />
          </div>
          <div className="order-7 min-w-0 xl:order-none">
            <DiagnosisList items={section.diagnosis} panels={section.panels} />
          </div>
        </div>
        <div className="contents xl:block xl:min-w-0 xl:space-y-4">
          <div className="order-3 min-w-0 xl:order-none">
            <AlertsCard sectionId={section.id} role={principal.role} pollMs={env.POLL_INTERVAL_MS} openIncidentId={openIncidentId} />
          </div>
          <div className="order-8 min-w-0 xl:order-none">
            <SymptomsCard symptoms={section.symptoms} />
          </div>
          <div id="resolution" tabIndex={-1} className="order-2 min-w-0 scroll-mt-28 focus:outline-none xl:order-none">
            <ResolutionSteps sectionId={section.id} steps={section.resolution} role={principal.role} live={{ pollMs: live.pollMs, staleAfterMs: live.staleAfterMs }} />
          </div>
          <div className="order-3 min-w-0 xl:order-none">
            <div className="space-y-4">
              <TemporaryChangesCard sectionId={section.id} canSetBack={can(principal.role, 'action.request')} />
              <RecentRunsCard sectionId={section.id} live={{ pollMs: live.pollMs, staleAfterMs: live.staleAfterMs }} />
            </div>
          </div>
          <div className="order-9 min-w-0 xl:order-none">
            <EscalationCard escalation={section.escalation} contacts={contactsForSection(getContactsConfig(), section.id)} statusLinks={section.statusLinks} />
          </div>
        </div>
      </div>
      <SectionJumpBar buttons={section.resolution.filter((step) => step.action).length} />
    </div></HydrationBoundary>
  );
}
