import { formatDuration } from '@/lib/format';

type Props = { message: string; reloadAfterMs: number; /** Reloads in a row that broke again (see computeRecoveryDelay). */ consecutiveReloads?: number };

/** What the wall shows while it recovers from an error: large, plain, and what it will do about it. */
export function NocErrorView({ message, reloadAfterMs, consecutiveReloads = 0 }: Props) {
  return (
    <div role="alert" data-testid="noc-error" className="flex h-full flex-col items-center justify-center gap-[2vh] px-[6vw] text-center">
      <p className="text-[5vh] font-bold">This display hit an error</p>
      <p className="text-[3vh] text-muted">
        It reloads itself in {formatDuration(reloadAfterMs)}, as soon as the console answers. Nothing needs to be done here.
      </p>
      {consecutiveReloads > 0 ? (
        <p data-testid="noc-error-streak" className="text-[2.4vh] text-muted">
          The same error came back after {consecutiveReloads} {consecutiveReloads === 1 ? 'reload' : 'reloads'} in a row: it waits longer each time.
        </p>
      ) : null}
      <p className="max-w-[80vw] truncate text-[2vh] text-muted">{message}</p>
    </div>
  );
}
