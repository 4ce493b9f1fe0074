import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRouteHandlers } from '@/e2e/support/route-inventory';

// Issue 12, point 10: every route that takes a body reads it with readJsonBody, the one place that insists
// on `content-type: application/json` (415 otherwise), caps the size and validates with zod. A handler that
// read `request.json()` itself would skip all three; this walks every route file so a new one cannot.
const apiDir = path.resolve(__dirname);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    return item.isDirectory() ? routeFiles(full) : item.name === 'route.ts' ? [full] : [];
  });
}

describe('JSON request bodies (issue 12, point 10)', () => {
  const files = routeFiles(apiDir);

  it('finds the route handlers', () => {
    expect(files.length).toBe(new Set(listRouteHandlers(path.resolve(apiDir, '..')).map((r) => r.route)).size);
  });

  for (const file of files) {
    const name = path.relative(apiDir, file);
    it(`${name} reads a body only through readJsonBody`, () => {
      const source = fs.readFileSync(file, 'utf8');
      expect(source, 'reads the body itself').not.toMatch(/\b(request|req)\.(json|text|formData|arrayBuffer|blob|body)\b/);
    });
  }

  it('the routes that take a body are the ones the access test sends bodies to', () => {
    const withBody = files.filter((f) => fs.readFileSync(f, 'utf8').includes('readJsonBody(')).map((f) => path.relative(apiDir, f)).sort();
    expect(withBody).toEqual([
      'actions/preview/route.ts',
      'actions/runs/[id]/cancellation/route.ts',
      'actions/runs/[id]/decision/route.ts',
      'actions/runs/route.ts',
      'alerts/[fingerprint]/acknowledgement/route.ts',
      'auth/display/route.ts',
      'auth/login/route.ts',
      'incidents/[id]/communications/route.ts',
      'incidents/[id]/route.ts',
      'incidents/[id]/timeline/route.ts',
      'incidents/route.ts',
      'maintenance/[id]/decision/route.ts',
      'maintenance/[id]/end/route.ts',
      'maintenance/route.ts',
      'rotations/[id]/route.ts',
      'routines/[id]/completions/route.ts',
      'temporary-changes/[id]/revert/route.ts',
      'tokens/route.ts',
    ]);
  });
});
