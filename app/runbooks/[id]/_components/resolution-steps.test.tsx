import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PrincipalRole } from '@/lib/auth/permissions';
import { stepSchema, type Action } from '@/lib/catalog/schema';
import { ResolutionSteps } from './resolution-steps';

// Server HTML only (no DOM library here): enough to see which steps become buttons, for whom, and what stays manual.
const steps = [
  stepSchema.parse({
    id: 'restart-media-agents',
    title: 'Restart media agents',
    command: 'kubectl rollout restart deployment/media-agent -n voicehive',
    action: { kind: 'rollout-restart', target: { namespace: 'voicehive', resource: 'deployment', name: 'media-agent' } },
  }),
  stepSchema.parse({ id: 'flush-keys', title: 'Flush rate limit keys', command: 'redis-cli DEL rate:*', action: { kind: 'redis-del', target: { key: 'rate:*' } } }),
];

function render(role: PrincipalRole, wired: Action['kind'][]) {
  const client = new QueryClient({ defaultOptions: { queries: { enabled: false } } });
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <ResolutionSteps sectionId="call-failures" steps={steps} role={role} live={{ pollMs: 10_000, staleAfterMs: 120_000 }} isWired={(kind) => wired.includes(kind)} />
    </QueryClientProvider>,
  );
}

const buttonTag = (html: string) => /<button[^>]*data-testid="action-button"[^>]*>/.exec(html)?.[0] ?? null;

describe('ResolutionSteps', () => {
  it('makes a wired step a button named after the step, and keeps the command as the manual way', () => {
    const html = render('operator', ['rollout-restart']);
    const button = buttonTag(html);
    expect(button).toContain('data-step-id="restart-media-agents"');
    expect(button).not.toMatch(/ disabled=""/);
    expect(html).toContain('>Restart media agents</button>');
    expect(html).toContain('kubectl rollout restart deployment/media-agent -n voicehive');
  });

  it('shows a viewer the button disabled, saying the role it needs', () => {
    const html = render('viewer', ['rollout-restart']);
    expect(buttonTag(html)).toMatch(/ disabled=""/);
    expect(html).toContain('needs operator');
  });

  it('keeps unwired kinds as manual steps with the note of the button to come', () => {
    const html = render('admin', ['rollout-restart']);
    expect(html.match(/data-testid="action-button"/g)).toHaveLength(1);
    expect(html).toContain('Button coming: redis-del on Redis key rate:*');
    expect(render('admin', [])).not.toContain('data-testid="action-button"');
  });
});
