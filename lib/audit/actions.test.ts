import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionPattern } from '@/lib/api/audit-schemas';
import { auditActions } from './actions';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(item.name) && !/\.test\.tsx?$/.test(item.name) ? [full] : [];
  });
}

describe('audit action names', () => {
  it('are unique and filterable (lowercase letters, dots and dashes)', () => {
    expect(new Set(auditActions).size).toBe(auditActions.length);
    for (const name of auditActions) expect(name).toMatch(new RegExp(`^${auditActionPattern}$`));
  });

  it('every literal written as `action: "…"` in lib/, app/ and scripts/ is in the list', () => {
    const written = new Set<string>();
    for (const dir of ['lib', 'app', 'scripts']) {
      for (const file of sourceFiles(path.join(root, dir))) {
        for (const match of fs.readFileSync(file, 'utf8').matchAll(/\baction: '([a-z][a-z.-]*)'/g)) written.add(match[1]!);
      }
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((name) => !(auditActions as readonly string[]).includes(name))).toEqual([]);
  });
});
