import { formatDuration } from '@/lib/format';

/** What the wall shows while it recovers from an error: large, plain, and what it will do about it. */
export function NocErrorView({ message, reloadAfterMs }: { message: string; reloadAfterMs: number }) {
  return (
    <div role="alert" data-testid="noc-error" className="flex h-full flex-col items-center justify-center gap-[2vh] px-[6vw] text-center">
      <p className="text-[5vh] font-bold">This display hit an error</p>
      <p className="text-[3vh] text-muted">
        It reloads itself in {formatDuration(reloadAfterMs)}, as soon as the console answers. Nothing needs to be done here.
      </p>
      <p className="max-w-[80vw] truncate text-[2vh] text-muted">{message}</p>
    </div>
  );
}
