import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { nocRecovery } from '@/lib/noc/recovery';
import { NocErrorView } from './noc-error-view';

describe('NocErrorView', () => {
  it('says the wall reloads itself, when, and why it stopped, as an alert', () => {
    const html = renderToStaticMarkup(<NocErrorView message="Cannot read properties of undefined" reloadAfterMs={nocRecovery.firstDelayMs} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('It reloads itself in 30 s, as soon as the console answers.');
    expect(html).toContain('Cannot read properties of undefined');
  });

  it('says when the same error keeps coming back, and waits longer', () => {
    const html = renderToStaticMarkup(<NocErrorView message="boom" reloadAfterMs={120_000} consecutiveReloads={2} />);
    expect(html).toContain('It reloads itself in 2 min');
    expect(html).toContain('after 2 reloads in a row');
    expect(renderToStaticMarkup(<NocErrorView message="boom" reloadAfterMs={30_000} />)).not.toContain('noc-error-streak');
  });
});
