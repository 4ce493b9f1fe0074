import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDuration, renderPrometheusConfig } from './prometheus-config';

type Config = {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: { job_name: string; honor_labels?: boolean; metrics_path?: string; static_configs: { targets: string[]; labels?: Record<string, string> }[] }[];
};

const render = (extra: Partial<Parameters<typeof renderPrometheusConfig>[0]> = {}) =>
  parse(renderPrometheusConfig({ simUrl: 'http://127.0.0.1:9400', scrapeInterval: '1s', evaluationInterval: '1s', ruleFiles: ['/tmp/rules.yml'], ...extra })) as Config;

describe('renderPrometheusConfig', () => {
  it('gives the estate and six service targets: seven in up', () => {
    const config = render();
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets.map(() => ({ job: job.job_name, path: group.labels?.__metrics_path__ ?? job.metrics_path }))));
    expect(targets).toHaveLength(7);
    expect(targets.filter((t) => t.job === 'voicehive-estate')).toEqual([{ job: 'voicehive-estate', path: '/metrics' }]);
    expect(new Set(targets.map((t) => t.path)).size).toBe(7);
    expect(config.scrape_configs.every((job) => job.honor_labels)).toBe(true);
    expect(config.rule_files).toEqual(['/tmp/rules.yml']);
  });

  it('keeps the scrape timeout within the interval', () => {
    expect(render().global.scrape_timeout).toBe('1s');
    expect(render({ scrapeInterval: '30s' }).global.scrape_timeout).toBe('10s');
  });

  it('adds a self-scrape only when asked', () => {
    expect(render().scrape_configs.map((j) => j.job_name)).not.toContain('prometheus');
    expect(render({ selfAddress: '127.0.0.1:9090' }).scrape_configs.at(-1)).toMatchObject({ job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] });
  });

  it('parses Prometheus durations and refuses others', () => {
    expect(parseDuration('1s')).toBe(1);
    expect(parseDuration('1m30s')).toBe(90);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(() => parseDuration('5 minutes')).toThrow(/not a Prometheus duration/);
  });
});
