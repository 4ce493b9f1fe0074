import type { Panel, Section } from '@/lib/catalog/schema';
import { CodeBlock } from '@/components/ui/code-block';
import { Card, CardHeader } from '@/components/ui/card';
import { SeedCommand } from './seed-command';

/** How to find the cause: each check with its seed command to copy, and a link to the live panel that shows it. */
export function DiagnosisList({ items, panels }: { items: Section['diagnosis']; panels: Panel[] }) {
  if (items.length === 0) return null;
  return (
    <Card as="section" aria-labelledby="diagnosis-heading">
      <CardHeader id="diagnosis-heading" title="Diagnosis" />
      <ol className="divide-y divide-line">
        {items.map((item, index) => {
          const panel = item.panel ? panels.find((p) => p.id === item.panel) : undefined;
          return (
            <li key={`${index}-${item.title}`} className="px-4 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <h3 id={`diagnosis-${index}`} className="text-sm font-semibold">
                  <span className="mr-1.5 text-muted tabular-nums">{index + 1}.</span>
                  {item.title}
                </h3>
                {panel ? (
                  <a href={`#panel-${panel.id}`} className="text-xs font-medium text-accent hover:underline">
                    {panel.kind === 'timeseries' ? 'Live chart' : 'Live view'}: {panel.title} <span aria-hidden="true">↓</span>
                  </a>
                ) : null}
              </div>
              {item.detail ? <p className="mt-1 text-sm text-muted">{item.detail}</p> : null}
              {item.command ? <CodeBlock code={item.command} describedBy={`diagnosis-${index}`} /> : null}
              {item.seedCommand ? <SeedCommand seed={item.seedCommand} describedBy={`diagnosis-${index}`} /> : null}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
