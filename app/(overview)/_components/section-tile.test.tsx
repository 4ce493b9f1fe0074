import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeStatus } from '@/lib/noc/test-status';
import { SectionTile } from './section-tile';
import { AckMarker } from './tile-markers';

// Server HTML only (no DOM library here): the markers a tile carries (issue 15 point 6).
describe('overview tile markers', () => {
  it('says "in maintenance" for a section in a maintenance window, with until when and why', () => {
    const until = Date.UTC(2026, 11, 4, 12, 30);
    const html = renderToStaticMarkup(<SectionTile status={makeStatus('database', 'P1')} maintenance={{ until, reason: 'PostgreSQL minor upgrade' }} />);
    expect(html).toContain('data-maintenance="true"');
    expect(html).toContain('data-testid="maintenance-marker"');
    expect(html).toContain('in maintenance');
    expect(html).toContain('PostgreSQL minor upgrade');
  });

  it('has no maintenance marker outside a window', () => {
    const html = renderToStaticMarkup(<SectionTile status={makeStatus('database', 'P1')} />);
    expect(html).not.toContain('maintenance-marker');
    expect(html).not.toContain('data-maintenance');
  });

  it('marks acknowledged alerts with who acknowledged them; open or no alerts get no marker', () => {
    const acked = renderToStaticMarkup(<AckMarker alerts={{ count: 2, acknowledgedBy: 'olivia', acknowledgedAt: 1_000 }} now={61_000} />);
    expect(acked).toContain('data-testid="ack-marker"');
    expect(acked).toContain('ack olivia');
    expect(acked).toContain('2 alerts acknowledged by olivia');
    expect(renderToStaticMarkup(<AckMarker alerts={{ count: 2, acknowledgedBy: null, acknowledgedAt: null }} now={61_000} />)).toBe('');
    expect(renderToStaticMarkup(<AckMarker alerts={undefined} now={null} />)).toBe('');
  });
});
