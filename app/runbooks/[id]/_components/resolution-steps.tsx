import type { Step } from '@/lib/catalog/schema';
import { CodeBlock } from '@/components/ui/code-block';
import { Card, CardHeader } from '@/components/ui/card';
import { describeComingAction } from './describe-action';
import { Icon } from '@/components/ui/icon';

/**
 * The remediation, in order. Every step is a manual step for now: no action kind is wired to execution,
 * so a step that will become a button says so in a note instead of showing a button that does nothing.
 */
export function ResolutionSteps({ steps }: { steps: Step[] }) {
  return (
    <Card as="section" aria-labelledby="resolution-heading">
      <CardHeader id="resolution-heading" title="Resolution" />
      <ol className="divide-y divide-line">
        {steps.map((step, index) => (
          <li key={step.id} id={`step-${step.id}`} className="flex gap-3 px-4 py-3">
            <span aria-hidden="true" className="grid size-6 shrink-0 place-items-center rounded-full border border-line bg-surface-2 text-xs font-semibold tabular-nums">
              {index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <h3 id={`step-${step.id}-title`} className="text-sm font-semibold">{step.title}</h3>
              {step.detail ? <p className="mt-0.5 text-sm text-muted">{step.detail}</p> : null}
              {step.command ? (
                <>
                  <p className="mt-2 text-[11px] font-semibold tracking-wider text-muted uppercase">Manual step</p>
                  <CodeBlock code={step.command} describedBy={`step-${step.id}-title`} />
                </>
              ) : null}
              {step.action ? (
                <p className="mt-2 flex items-start gap-1.5 text-xs text-muted" data-action-kind={step.action.kind}>
                  <Icon name="clock" className="mt-px size-3.5" />
                  <span>{describeComingAction(step.action)}</span>
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
