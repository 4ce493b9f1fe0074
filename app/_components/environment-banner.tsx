import type { Env } from '@/lib/env';

const tones: Record<Env['ENVIRONMENT_TONE'], string> = {
  red: 'bg-red-700 text-white',
  amber: 'bg-amber-400 text-black',
  green: 'bg-green-700 text-white',
  blue: 'bg-blue-700 text-white',
  gray: 'bg-surface-2 text-muted',
};

/** Which estate this console acts on, on every page: pressing "restart" in PRODUCTION should never be a surprise. */
export function EnvironmentBanner({ name, tone }: { name: string; tone: Env['ENVIRONMENT_TONE'] }) {
  return (
    <div role="note" aria-label="Environment" data-testid="environment-banner" className={`px-4 py-0.5 text-center text-xs font-bold tracking-[0.2em] uppercase ${tones[tone]}`}>
      {name}
    </div>
  );
}
