import type { SeedCommand as SeedCommandValue } from '@/lib/catalog/schema';
import { CodeBlock } from '@/components/ui/code-block';

/** What a runbook's commands were written for: 002 and 003 describe a docker-compose host; 004 reads log files on a host. */
const writtenFor: Partial<Record<SeedCommandValue['runbook'], string>> = { '002': 'docker-compose', '003': 'docker-compose', '004': 'host files' };

/**
 * The seed's original command, kept below this estate's equivalent so the runbook stays recognisable; labelled
 * so nobody copies it thinking it runs here.
 */
export function SeedCommand({ seed, describedBy }: { seed: SeedCommandValue; describedBy: string }) {
  return (
    <div className="mt-2" data-seed-command={seed.runbook}>
      <p className="text-[11px] font-semibold tracking-wider text-muted uppercase">
        As written in runbook {seed.runbook}
        {writtenFor[seed.runbook] ? ` (${writtenFor[seed.runbook]})` : ''}
      </p>
      <CodeBlock code={seed.command} describedBy={describedBy} />
    </div>
  );
}
