import { Skeleton } from '@/components/ui/skeleton';
import { nocFrame } from '@/lib/noc/grid-layout';

/** While the wall's server part renders: its shape (header and a grid), nothing pretending to be data. */
export default function NocLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the NOC wall" className="flex h-full flex-col" style={{ padding: `${nocFrame.paddingVh}vh`, gap: `${nocFrame.gapVh}vh` }}>
      <div className="flex shrink-0 items-center gap-[2vh]" style={{ height: `${nocFrame.headerVh}vh` }}>
        <Skeleton className="h-[3vh] w-[20vw]" />
        <Skeleton className="ml-auto h-[3.5vh] w-[12vw]" />
      </div>
      <ul className="grid min-h-0 flex-1 grid-cols-5 grid-rows-4" style={{ gap: `${nocFrame.gapVh}vh` }}>
        {Array.from({ length: 20 }, (_, i) => (
          <li key={i} className="rounded-[0.5vh] border border-dashed border-line bg-surface" />
        ))}
      </ul>
    </div>
  );
}
