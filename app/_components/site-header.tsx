import Link from 'next/link';
import { countPendingRuns } from '@/lib/actions/runs';
import { can, type Permission } from '@/lib/auth/permissions';
import { getPageSession } from '@/lib/auth/page-access';
import { describePrincipal } from '@/lib/auth/principal';
import { getEnv } from '@/lib/env';
import { countWindowsAwaitingApproval } from '@/lib/server/maintenance/windows';
import { getStore } from '@/lib/server/store/store';
import { DisplaySessionRenewer } from './display-session-renewer';
import { EnvironmentBanner } from './environment-banner';
import { IncidentBanner } from './incident-banner';
import { SignOutButton } from './sign-out-button';

const links: { href: string; label: string; permission: Permission }[] = [
  { href: '/', label: 'Overview', permission: 'status.read' },
  { href: '/incidents', label: 'Incidents', permission: 'section.read' },
  { href: '/handover', label: 'Handover', permission: 'section.read' },
  { href: '/routines', label: 'Routines', permission: 'routine.read' },
  { href: '/requests', label: 'My requests', permission: 'section.read' },
  { href: '/runs', label: 'Runs', permission: 'section.read' },
  { href: '/maintenance', label: 'Maintenance', permission: 'section.read' },
  { href: '/rotations', label: 'Rotations', permission: 'section.read' },
  { href: '/approvals', label: 'Approvals', permission: 'action.approve' },
  { href: '/audit', label: 'Audit log', permission: 'audit.read' },
  { href: '/admin/tokens', label: 'Display tokens', permission: 'tokens.manage' },
  { href: '/admin/users', label: 'Users', permission: 'users.manage' },
  { href: '/admin/estate', label: 'Estate check', permission: 'estate.check' },
];

/** What waits for a second person; null when it cannot be counted (the header must not take the page down). */
async function readCount(count: (store: Awaited<ReturnType<typeof getStore>>) => Promise<number>): Promise<number | null> {
  try {
    return await count(await getStore());
  } catch {
    return null;
  }
}

/** The cue beside a link: how many wait for this person's decision. */
function WaitingBadge({ count, testId }: { count: number; testId: string }) {
  return (
    <span data-testid={testId} data-count={count} className="min-w-5 rounded-full border border-sev-p1 px-1.5 text-center text-xs font-semibold text-fg tabular-nums">
      {count}
      <span className="sr-only"> waiting</span>
    </span>
  );
}

/** Environment, navigation the role can use (asked of the permission table), and who is signed in. */
export async function SiteHeader() {
  const env = getEnv();
  const session = await getPageSession();
  const principal = session.status === 'active' ? session.principal : null;
  const [pending, windowsWaiting] = await Promise.all([
    principal && can(principal.role, 'action.approve') ? readCount(countPendingRuns) : null,
    // Maintenance windows longer than the configured time wait for an approver too (issue 19).
    principal && can(principal.role, 'maintenance.approve') ? readCount(countWindowsAwaitingApproval) : null,
  ]);
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-surface/95 backdrop-blur">
      <EnvironmentBanner name={env.ENVIRONMENT_NAME} tone={env.ENVIRONMENT_TONE} />
      {principal?.kind === 'display' ? <DisplaySessionRenewer /> : null}
      {/* On a phone the navigation takes a second row of its own (scrolling sideways if it must); who is signed in stays on the first. */}
      <div className="mx-auto flex max-w-[1920px] flex-wrap items-center gap-x-3 px-4 md:h-12 md:flex-nowrap">
        <Link href="/" className="flex h-12 shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden="true" className="grid size-6 place-items-center rounded bg-fg text-[13px] font-black text-canvas">
            V
          </span>
          <span className="max-sm:sr-only">VoiceHive Ops</span>
        </Link>
        {principal ? (
          <nav aria-label="Main" className="order-last -mx-4 flex w-[calc(100%+2rem)] items-center gap-1 overflow-x-auto border-t border-line px-3 py-1 text-sm md:order-none md:mx-0 md:ml-4 md:w-auto md:border-0 md:p-0">
            {links
              .filter((l) => can(principal.role, l.permission))
              .map((l) => (
                <Link key={l.href} href={l.href} className="inline-flex shrink-0 items-center gap-1.5 rounded px-2 py-1 whitespace-nowrap text-muted hover:bg-surface-2 hover:text-fg">
                  {l.label}
                  {l.href === '/approvals' && pending ? <WaitingBadge count={pending} testId="pending-approvals" /> : null}
                  {l.href === '/maintenance' && windowsWaiting ? <WaitingBadge count={windowsWaiting} testId="windows-awaiting-approval" /> : null}
                </Link>
              ))}
          </nav>
        ) : null}
        {principal ? (
          <div className="ml-auto flex min-w-0 items-center gap-2 text-sm" data-testid="signed-in-as">
            <span className="min-w-0 truncate font-medium" title={principal.kind === 'user' ? principal.displayName : describePrincipal(principal)}>
              {principal.kind === 'user' ? principal.displayName : describePrincipal(principal)}
            </span>
            <span className="shrink-0 rounded border border-line px-1.5 py-0.5 text-xs text-muted" aria-label="Role">
              {principal.role}
            </span>
            {principal.kind === 'user' ? <SignOutButton /> : null}
          </div>
        ) : null}
      </div>
      {principal && can(principal.role, 'section.read') ? <IncidentBanner /> : null}
    </header>
  );
}
