import type { Metadata } from 'next';
import { can } from '@/lib/auth/permissions';
import { requirePageAccess } from '@/lib/auth/page-access';
import { RotationsBoard } from './_components/rotations-board';

export const metadata: Metadata = { title: 'Rotations and certificates' };

/** The rotations register (issue 19): the secrets and certificates the runbooks name, when each was last rotated and is next due. */
export default async function RotationsPage() {
  const principal = await requirePageAccess('section.read', '/rotations');
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Rotations and certificates</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          The secrets the runbooks rotate (003: the JWT secret and database password quarterly, cloud keys twice a year; 000: API keys monthly) with their last recorded rotation and next due date, and the
          TLS certificates the blackbox exporter probes, tracked live from their expiry.
        </p>
      </header>
      <RotationsBoard mayRecord={can(principal.role, 'rotation.record')} />
    </div>
  );
}
