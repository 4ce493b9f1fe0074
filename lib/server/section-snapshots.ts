import 'server-only';
import type { OverviewResponse, SectionResponse } from '@/lib/api/types';
import { getOverviewSnapshot } from './overview-snapshot';
import { createDerivedSnapshots, type Snapshot } from './snapshot';

const holder = globalThis as typeof globalThis & { __voicehiveOpsSectionSnapshots?: ReturnType<typeof createDerivedSnapshots> };

/** Each section's answer (GET /api/sections/:id) as it stands in an overview snapshot: `{ generatedAt, status }`. */
export function* sectionAnswersOf(overview: Snapshot): Iterable<[string, SectionResponse]> {
  const body = JSON.parse(overview.body) as OverviewResponse;
  for (const status of body.sections) yield [status.id, { generatedAt: body.generatedAt, status }];
}

/**
 * A section's answer from the same evaluation as the overview (one evaluation of every section per interval,
 * shared between replicas): a section page or the wall's detail costs no upstream read of its own, never waits
 * for one once a snapshot exists, and is serialised once per refresh with its own ETag. Undefined for an id the
 * snapshot does not hold (the route checks the catalog first).
 */
export async function getSectionSnapshot(id: string): Promise<Snapshot | undefined> {
  holder.__voicehiveOpsSectionSnapshots ??= createDerivedSnapshots(sectionAnswersOf);
  return holder.__voicehiveOpsSectionSnapshots.of(await getOverviewSnapshot().get()).get(id);
}
