import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeStatus } from '@/lib/noc/test-status';
import { NocTile } from './noc-tile';

// Server HTML only (no DOM library here): what a tile says, in text and shape as well as colour.
const serverNow = 1_000_000;

describe('NocTile', () => {
  it('shows a firing section with its level as glyph and text, key value, firing time and deadline', () => {
    const html = renderToStaticMarkup(<NocTile status={makeStatus('pms', 'P1')} serverNow={serverNow} dimmed={false} />);
    expect(html).toMatch(/data-severity="P1"/);
    expect(html).toContain('▲');
    expect(html).toContain('severity P1 high');
    expect(html).toContain('40 %');
    expect(html).toContain('firing 12 min');
    expect(html).toContain('respond in 48 min');
    expect(html).not.toContain('noc-alert-badge');
  });

  it('shows a section in a maintenance window as maintenance (issue 19): neither the red frame nor quiet green, with the window and its reason', () => {
    const status = { ...makeStatus('redis', 'P0'), maintenance: { id: 'MW-0123456789ab', until: serverNow + 30 * 60_000, reason: 'Redis failover drill', by: 'olivia' } };
    const html = renderToStaticMarkup(<NocTile status={status} serverNow={serverNow} dimmed={false} />);
    expect(html).toContain('data-maintenance="MW-0123456789ab"');
    expect(html).toMatch(/In maintenance until \d\d:\d\d · Redis failover drill/);
    expect(html).toContain('border-maintenance');
    expect(html).not.toContain('outline-sev-p0');
    expect(html).not.toContain('border-l-sev-ok');
    // The section's own severity is still there to read, not hidden.
    expect(html).toContain('data-severity="P0"');
    const plain = renderToStaticMarkup(<NocTile status={makeStatus('redis', 'P0')} serverNow={serverNow} dimmed={false} />);
    expect(plain).not.toContain('data-maintenance');
  });

  it('dims with the wall when its data is stale', () => {
    const html = renderToStaticMarkup(<NocTile status={makeStatus('redis')} serverNow={serverNow} dimmed />);
    expect(html).toContain('data-stale="true"');
    expect(html).toContain('opacity-55');
  });

  it('has a slot for the section alerts: how many, and who acknowledged them', () => {
    const open = renderToStaticMarkup(<NocTile status={makeStatus('pms', 'P1')} serverNow={serverNow} dimmed={false} alerts={{ count: 2, acknowledgedBy: null, acknowledgedAt: null }} />);
    expect(open).toMatch(/data-testid="noc-alert-badge" data-noc-fit="alerts" data-count="2" data-acknowledged="false"/);
    expect(open).toContain('alerts');
    const acknowledged = renderToStaticMarkup(<NocTile status={makeStatus('pms', 'P1')} serverNow={serverNow} dimmed={false} alerts={{ count: 1, acknowledgedBy: 'olivia', acknowledgedAt: serverNow - 5 * 60_000 }} />);
    expect(acknowledged).toMatch(/data-acknowledged="true"/);
    expect(acknowledged).toMatch(/>ack<\/span> <span[^>]*>olivia<\/span> <span[^>]*>5m</);
    expect(acknowledged).toContain('data-noc-fit="alerts"');
    const none = renderToStaticMarkup(<NocTile status={makeStatus('pms', 'P1')} serverNow={serverNow} dimmed={false} alerts={{ count: 0, acknowledgedBy: null, acknowledgedAt: null }} />);
    expect(none).not.toContain('noc-alert-badge');
  });

  it('says "alerts ?" when the alerts cannot be read, in words and glyph, with why in its title', () => {
    const html = renderToStaticMarkup(<NocTile status={makeStatus('redis')} serverNow={serverNow} dimmed={false} alerts={{ unknown: 'HTTP 502: bad gateway' }} />);
    expect(html).toMatch(/data-testid="noc-alert-badge" data-noc-fit="alerts" data-unknown="true"/);
    expect(html).toContain('alerts ?');
    expect(html).toContain('<svg');
    expect(html).toContain('title="alerts unknown: HTTP 502: bad gateway"');
    expect(html).not.toContain('data-count');
  });
});
