import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { renderAlertRules } from '@/lib/catalog/prometheus-rules';

// promtool comes with Debian's prometheus package (installed by scripts/ensure-system-deps.sh).
describe('alerting rules generated from the catalog', () => {
  it('are accepted by promtool: every catalog query is valid PromQL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-rules-'));
    const file = path.join(dir, 'rules.yml');
    fs.writeFileSync(file, renderAlertRules(loadCatalog('runbooks'), { window: '5m', consoleUrl: 'https://ops.example' }));
    const output = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    fs.rmSync(dir, { recursive: true });
  });
});
