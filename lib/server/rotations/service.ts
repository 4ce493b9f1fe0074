import 'server-only';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApiError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import { expandSelectors } from '@/lib/catalog/exporter-selectors';
import { getEnv, getExporterSelectors, parseDurationMs } from '@/lib/env';
import { certificateState, rotationState, type CertificatesAnswer, type RotationEntry, type RotationRecord, type RotationsResponse } from '@/lib/rotations/register';
import { loadRoutinesConfig, type RoutinesConfig } from '@/lib/routines/config';
import type { PrometheusClient } from '@/lib/server/prometheus';
import type { Store } from '@/lib/server/store/open-store';
import type { RotationRecordRow } from '@/lib/server/store/schema';

// The register's entries are configuration (config/routines.yaml `rotations`, checked at start-up); what a person
// records is kept in the store and audited. Certificates come from the blackbox exporter's
// `probe_ssl_earliest_cert_expiry` (one series per probed endpoint), read through the console's Prometheus client.

/**
 * The query is the console's own, never the browser's; the blackbox exporter's series are picked by
 * EXPORTER_SELECTOR_BLACKBOX (contract/metrics-additions.md), like every other family's.
 */
export function certificateExpiryQuery(): string {
  return expandSelectors('probe_ssl_earliest_cert_expiry{$blackbox}', getExporterSelectors(getEnv()));
}
const HISTORY = 5;
const YEAR = 366 * 86_400_000;

type Rotation = RoutinesConfig['rotations'][number];
const holder = globalThis as typeof globalThis & { __voicehiveOpsRotations?: Rotation[] };

/** The configured register (ROUTINES_CONFIG), read once per process. */
export function getConfiguredRotations(): Rotation[] {
  holder.__voicehiveOpsRotations ??= loadRoutinesConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().ROUTINES_CONFIG)).rotations;
  return holder.__voicehiveOpsRotations;
}

const toRecord = (row: RotationRecordRow): RotationRecord => ({ id: row.id, rotatedAt: row.rotated_at, recordedBy: row.recorded_by, recordedAt: row.recorded_at, note: row.note });

export async function listRotations(store: Store, rotations: Rotation[], now: number, dueSoonMs: number): Promise<RotationEntry[]> {
  const rows = await store.db.selectFrom('rotation_records').selectAll().orderBy('rotated_at', 'desc').orderBy('recorded_at', 'desc').execute();
  return rotations.map((r) => {
    const history = rows.filter((row) => row.rotation_id === r.id).slice(0, HISTORY).map(toRecord);
    const last = history[0] ?? null;
    return { ...r, last, history, ...rotationState(r.periodDays, last?.rotatedAt ?? null, now, dueSoonMs) };
  });
}

/** Each probed endpoint's certificate expiry; Prometheus failing is said, never read as "no certificates". */
export async function readCertificates(prometheus: PrometheusClient, now: number, renewBeforeMs: number): Promise<CertificatesAnswer> {
  try {
    const series = await prometheus.query(certificateExpiryQuery());
    const certificates = series
      .filter((s) => Number.isFinite(s.value))
      .map((s) => {
        const expiresAt = s.value * 1000;
        return { instance: s.labels.instance ?? s.labels.target ?? '(no instance label)', expiresAt, state: certificateState(expiresAt, now, renewBeforeMs) };
      })
      .sort((a, b) => a.expiresAt - b.expiresAt);
    return { certificates, readAt: now, error: null };
  } catch (error) {
    return { certificates: [], readAt: now, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function getRotationsResponse(store: Store, prometheus: PrometheusClient, now = Date.now()): Promise<RotationsResponse> {
  const env = getEnv();
  const dueSoonMs = parseDurationMs(env.ROTATION_DUE_SOON);
  const renewBeforeMs = parseDurationMs(env.CERT_RENEW_BEFORE);
  const [rotations, certificates] = await Promise.all([listRotations(store, getConfiguredRotations(), now, dueSoonMs), readCertificates(prometheus, now, renewBeforeMs)]);
  return { rotations, certificates, dueSoonDays: dueSoonMs / 86_400_000, renewBeforeDays: renewBeforeMs / 86_400_000 };
}

/** A person records that a secret or certificate was rotated: kept with who and when, audited in the same transaction. */
export async function recordRotation(store: Store, who: Actor, rotation: Rotation | undefined, input: { rotatedAt?: string; note: string }, now = Date.now()): Promise<RotationRecord> {
  if (!rotation) throw new ApiError('not-found', 'id: no such entry in the rotations register', 'id');
  const rotatedAt = input.rotatedAt ? Date.parse(input.rotatedAt) : now;
  // A minute of slack for the browser's clock.
  if (rotatedAt > now + 60_000) throw new ApiError('bad-request', 'rotatedAt: is in the future', 'rotatedAt');
  if (rotatedAt < now - YEAR) throw new ApiError('bad-request', 'rotatedAt: is more than a year ago', 'rotatedAt');
  const record: RotationRecord = { id: randomUUID(), rotatedAt, recordedBy: who.actor, recordedAt: now, note: input.note };
  await store.writeTransaction(async (trx) => {
    await trx.insertInto('rotation_records').values({ id: record.id, rotation_id: rotation.id, rotated_at: rotatedAt, recorded_by: who.actor, recorded_at: now, note: input.note }).execute();
    await appendAudit(trx, { ...who, action: 'rotation.record', target: `rotation ${rotation.id} (${rotation.name})`, outcome: 'success', detail: { rotation: rotation.id, rotatedAt, note: input.note, periodDays: rotation.periodDays } });
  });
  return record;
}
