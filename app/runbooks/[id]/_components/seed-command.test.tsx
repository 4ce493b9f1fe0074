import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { DiagnosisList } from './diagnosis-list';
import { ResolutionSteps } from './resolution-steps';

// Issue 14.9, on the real catalog's Redis section: this estate's command first, the seed's below it, labelled.
const redis = loadCatalog('runbooks').find((s) => s.id === 'redis')!;
/** React's text separators (`<!-- -->`) removed, so the test reads the text a person sees. */
const text = (html: string) => html.replaceAll('<!-- -->', '');
const client = new QueryClient({ defaultOptions: { queries: { enabled: false } } });

describe('a seed command kept below the estate\'s equivalent', () => {
  it('renders the kubectl command first, then "As written in runbook 003 (docker-compose)" with the original', () => {
    const html = text(renderToStaticMarkup(<DiagnosisList items={redis.diagnosis} panels={redis.panels} />));
    const kubectl = html.indexOf('kubectl exec -n voicehive redis-0 -- redis-cli ping');
    const label = html.indexOf('As written in runbook 003 (docker-compose)');
    const original = html.indexOf('docker-compose exec redis redis-cli ping');
    expect(kubectl).toBeGreaterThan(-1);
    expect(label).toBeGreaterThan(kubectl);
    expect(original).toBeGreaterThan(label);
  });

  it('does the same under a resolution step', () => {
    const html = text(
      renderToStaticMarkup(
        <QueryClientProvider client={client}>
          <ResolutionSteps sectionId="redis" steps={redis.resolution.filter((s) => s.id === 'restart-redis')} role="operator" live={{ pollMs: 10_000, staleAfterMs: 120_000 }} />
        </QueryClientProvider>,
      ),
    );
    expect(html).toMatch(/kubectl delete pod redis-0 -n voicehive[\s\S]*As written in runbook 003 \(docker-compose\)[\s\S]*docker-compose restart redis/);
    expect(html).toContain('data-seed-command="003"');
  });
});
