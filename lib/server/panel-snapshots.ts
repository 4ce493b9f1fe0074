import 'server-only';
import type { ChartRange } from '@/lib/api/schemas';
import type { PanelResponse } from '@/lib/api/types';
import type { Panel, Section } from '@/lib/catalog/schema';
import { getEnv } from '@/lib/env';
import { evaluationIntervalMs } from './overview-snapshot';
import { chooseStepMs, getChartSeries } from './panel-service';
import { getPmsPanelReport } from './pms/panel-report';
import type { Snapshot } from './snapshot';
import { createViewedSnapshots } from './viewed-snapshots';

type ChartPanel = Extract<Panel, { kind: 'timeseries' }>;
type PmsPanel = Extract<Panel, { kind: 'pms-vendors' }>;
type Target = { kind: 'chart'; panel: ChartPanel; range: ChartRange } | { kind: 'pms'; section: Section; panel: PmsPanel };

const holder = globalThis as typeof globalThis & { __voicehiveOpsPanelSnapshots?: ReturnType<typeof createPanelSnapshots> };

/**
 * A chart's points are `chooseStepMs` apart, and its page polls it no more often than that (use-panel-series.ts):
 * refreshing it more often than one step, or than the polling interval, would give nobody a new point.
 */
export function panelIntervalMs(env: { POLL_INTERVAL_MS: number; UPSTREAM_CACHE_TTL_MS: number }, range: ChartRange | null): number {
  return Math.max(evaluationIntervalMs(env), range ? chooseStepMs(range) : 0);
}

function createPanelSnapshots() {
  const intervalOf = (target: Target) => panelIntervalMs(getEnv(), target.kind === 'chart' ? target.range : null);
  const snapshots = createViewedSnapshots<Target>({
    intervalMs: intervalOf,
    // A viewer may miss one poll (a slow answer, a busy tab) without the panel going cold; the upstream's timeout
    // is added so that a refresh that hangs to its end does not count as the viewers having left.
    idleMs: (target) => 2 * intervalOf(target) + getEnv().PROMETHEUS_TIMEOUT_MS,
    // Keys come from the catalog (the routes refuse any other id or range), so this bound is never reached in use.
    maxEntries: 2_000,
    load: async (target, now): Promise<object> => {
      if (target.kind === 'pms') return { generatedAt: now, ...(await getPmsPanelReport(target.section, target.panel)) };
      const answer: Omit<PanelResponse, 'refreshError'> = { generatedAt: now, range: target.range, series: await getChartSeries(target.panel, target.range) };
      return answer;
    },
    onError: (key, error) => console.warn(`[api] panel ${key}: refresh failed, serving the last value: ${error instanceof Error ? error.message : String(error)}`),
  });
  const chartKey = (section: Section, panel: ChartPanel, range: ChartRange) => `chart:${section.id}:${panel.id}:${range}`;
  const pmsKey = (section: Section, panel: PmsPanel) => `pms:${section.id}:${panel.id}`;
  return {
    chart: (section: Section, panel: ChartPanel, range: ChartRange) => snapshots.get(chartKey(section, panel, range), { kind: 'chart', panel, range }),
    pms: (section: Section, panel: PmsPanel) => snapshots.get(pmsKey(section, panel), { kind: 'pms', section, panel }),
    /** The latest answer if there is one, never loading (lib/server/fast-sections.ts). */
    peekChart: (section: Section, panel: ChartPanel, range: ChartRange) => snapshots.peek(chartKey(section, panel, range)),
    peekPms: (section: Section, panel: PmsPanel) => snapshots.peek(pmsKey(section, panel)),
    snapshots,
  };
}

/** The process's panel snapshots (on globalThis: Next may load this module once per route bundle). */
export function getPanelSnapshots() {
  holder.__voicehiveOpsPanelSnapshots ??= createPanelSnapshots();
  return holder.__voicehiveOpsPanelSnapshots;
}

/** A chart's series over `range`, as of its latest background refresh (GET /api/sections/:id/panels/:panel). */
export function getChartSnapshot(section: Section, panel: ChartPanel, range: ChartRange): Promise<Snapshot> {
  return getPanelSnapshots().chart(section, panel, range);
}

/** A PMS vendors panel as of its latest background refresh (GET /api/sections/:id/pms/:panel). */
export function getPmsPanelSnapshot(section: Section, panel: PmsPanel): Promise<Snapshot> {
  return getPanelSnapshots().pms(section, panel);
}
