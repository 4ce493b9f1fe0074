import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { actionSchema } from '@/lib/catalog/schema';
import { ActionRequestForm } from './action-request-form';

// Issue 15 point 12, server HTML only (no DOM library here): a form just opened shows no red error, and a
// choice the live state points to is the one selected. (Touch and confirm are exercised in e2e/live.forms.spec.ts.)
const reset = actionSchema.parse({ kind: 'http-post', target: { service: 'orchestrator', path: '/admin/circuit-breakers/{name}/reset' }, params: { name: { type: 'enum', values: ['pms_connector', 'tts', 'llm'] } } });
// The form shows the maintenance warning (issue 19), which reads through React Query: a client as the page has.
const render = (suggestions = {}) => renderToStaticMarkup(<QueryClientProvider client={new QueryClient()}><ActionRequestForm sectionId="circuit-breakers" stepId="reset-circuit-breaker" action={reset} severity="P2" onRequested={() => undefined} onCancel={() => undefined} suggestions={suggestions} /></QueryClientProvider>);

describe('ActionRequestForm', () => {
  it('opens without a validation error, even with nothing chosen', () => {
    const html = render();
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('choose one');
    expect(html).toMatch(/<option value="" selected="">Choose…<\/option>/);
  });

  it('selects the choice the live state points to and says why', () => {
    const html = render({ name: { value: 'pms_connector', why: 'preselected from the live state: pms_connector breaker is open now (P2)' } });
    expect(html).toMatch(/<option value="pms_connector" selected="">pms_connector<\/option>/);
    expect(html).toContain('preselected from the live state: pms_connector breaker is open now (P2)');
    expect(html).not.toContain('aria-invalid');
  });
});
