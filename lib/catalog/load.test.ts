import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog, loadSeverityTable } from './load';

const fixture = (name: string) => path.join('test/fixtures/catalog', name);

function loadError(dir: string): CatalogError {
  try {
    loadCatalog(dir);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error(`${dir} loaded without error`);
}

describe('loadCatalog', () => {
  it('loads the VoiceHive catalog: every section of DESIGN.md, every rule with a severity', () => {
    const sections = loadCatalog('runbooks');
    expect(sections.map((s) => s.id).sort()).toEqual(
      ['authentication', 'backups', 'call-failures', 'circuit-breakers', 'database', 'disk', 'dns', 'error-rate', 'gdpr', 'livekit', 'memory-cpu', 'monitoring', 'performance', 'pms-connection', 'queue-backlog', 'rate-limiting', 'redis', 'security', 'voice-latency'].sort(),
    );
    for (const section of sections) expect(section.resolution.length).toBeGreaterThan(0);
  });

  it('names the file, the path inside it and the reason for a bad threshold', () => {
    const error = loadError(fixture('bad-threshold'));
    expect(error.file).toMatch(/bad-threshold\/x\.yaml$/);
    expect(error.message).toMatch(/signals\.0\.rules\.0\.threshold: .*number/i);
  });

  it('reports a missing title', () => {
    expect(loadError(fixture('missing-title')).message).toMatch(/x\.yaml: title: /);
  });

  it('reports a key signal that names no signal', () => {
    expect(loadError(fixture('bad-keysignal')).message).toMatch(/keySignal: "no-such-signal" is not one of this section's signals/);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(loadError(fixture('not-yaml')).message).toMatch(/x\.yaml: line \d+, column \d+/);
  });

  it('reports a file whose name is not its id, and an empty or missing directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
    fs.copyFileSync('runbooks/redis.yaml', path.join(dir, 'cache.yaml'));
    expect(loadError(dir).message).toMatch(/cache\.yaml: id: is "redis" but the file name says "cache"/);
    fs.rmSync(dir, { recursive: true });
    expect(loadError(dir).message).toMatch(/does not exist/);
  });
});

describe('loadSeverityTable', () => {
  it('reads the response times of seed 000', () => {
    const table = loadSeverityTable('config/severity.yaml');
    expect([table.P0, table.P1, table.P2, table.P3].map((l) => l.respondWithinMinutes)).toEqual([15, 60, 240, 1440]);
  });

  it('refuses a table with a level missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'severity-'));
    const file = path.join(dir, 'severity.yaml');
    fs.writeFileSync(file, 'levels:\n  P0: { name: Critical, meaning: outage, respondWithinMinutes: 15 }\n');
    expect(() => loadSeverityTable(file)).toThrow(/levels\.P1/);
    fs.rmSync(dir, { recursive: true });
  });
});
