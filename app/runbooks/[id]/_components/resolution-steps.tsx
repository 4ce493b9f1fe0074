import { isWired as isWiredKind } from '@/lib/actions/wired-kinds';
import type { PrincipalRole } from '@/lib/auth/permissions';
import type { Action, Step } from '@/lib/catalog/schema';
import { CodeBlock } from '@/components/ui/code-block';
import { Card, CardHeader } from '@/components/ui/card';
import { Icon } from '@/components/ui/icon';
import { ActionButton } from './action-button';
import { describeComingAction } from './describe-action';
import { SeedCommand } from './seed-command';
import { decideStepControl } from './step-action';

type Props = {
  sectionId: string;
  steps: Step[];
  /** The signed-in person's role: it decides whether a button is enabled (the API decides whether it works). */
  role: PrincipalRole;
  live: { pollMs: number; staleAfterMs: number };
  /** Which kinds have an executor; injectable so the rendering can be tried before any kind is wired. */
  isWired?: (kind: Action['kind']) => boolean;
};

/**
 * The remediation, in order. A step whose action kind is wired is a button (disabled, saying the role it
 * needs, for someone below it); any other step stays a manual step with a note of the button it will become,
 * never a button that does nothing. The seed's command stays visible either way, as the manual way.
 */
export function ResolutionSteps({ sectionId, steps, role, live, isWired = isWiredKind }: Props) {
  return (
    <Card as="section" aria-labelledby="resolution-heading">
      <CardHeader id="resolution-heading" title="Resolution" />
      <ol className="divide-y divide-line">
        {steps.map((step, index) => {
          const control = decideStepControl(step.action, role, isWired);
          return (
            <li key={step.id} id={`step-${step.id}`} className="flex gap-3 px-4 py-3">
              <span aria-hidden="true" className="grid size-6 shrink-0 place-items-center rounded-full border border-line bg-surface-2 text-xs font-semibold tabular-nums">
                {index + 1}
              </span>
              <div className="min-w-0 flex-1">
                <h3 id={`step-${step.id}-title`} className="text-sm font-semibold">{step.title}</h3>
                {step.detail ? <p className="mt-0.5 text-sm text-muted">{step.detail}</p> : null}
                {step.action && control.kind === 'button' ? (
                  <ActionButton sectionId={sectionId} step={{ id: step.id, title: step.title }} action={step.action} enabled={control.enabled} note={control.enabled ? null : control.note} live={live} />
                ) : null}
                {step.command ? (
                  <>
                    <p className="mt-2 text-[11px] font-semibold tracking-wider text-muted uppercase">{control.kind === 'button' ? 'Or by hand' : 'Manual step'}</p>
                    <CodeBlock code={step.command} describedBy={`step-${step.id}-title`} />
                  </>
                ) : null}
                {step.seedCommand ? <SeedCommand seed={step.seedCommand} describedBy={`step-${step.id}-title`} /> : null}
                {step.action && control.kind === 'manual' ? (
                  <p className="mt-2 flex items-start gap-1.5 text-xs text-muted" data-action-kind={step.action.kind}>
                    <Icon name="clock" className="mt-px size-3.5" />
                    <span>{describeComingAction(step.action)}</span>
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
