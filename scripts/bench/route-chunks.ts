// What each page ships, from the build's own output (issue 16): figures to read, never assertions.
//
//   npx next build && npx tsx scripts/bench/route-chunks.ts '(overview)' 'runbooks/[id]' noc approvals
//     the scripts each route names in its HTML (the framework's root files, then the route's entry chunks from
//     .next/server/app/<route>/page_client-reference-manifest.js), gzip each; chunks loaded later (next/dynamic,
//     import()) are not named there, which is the point of loading them lazily.
//   npx next analyze -o && npx next analyze export --route '/runbooks/[id]' > section.jsonl
//   npx tsx scripts/bench/route-chunks.ts --modules section.jsonl
//     the modules in each client chunk of that route, grouped by package (or app folder), compressed sizes as the
//     analyzer reports them (each module compressed on its own, so the sums run higher than a chunk's gzip).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

const distDir = path.resolve(process.env.NEXT_DIST_DIR ?? '.next');
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const gzipOf = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(distDir, file))).length;

type ClientManifest = { entryJSFiles: Record<string, string[]> };

function readClientManifest(route: string): ClientManifest {
  const file = path.join(distDir, 'server', 'app', route, 'page_client-reference-manifest.js');
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox);
  return Object.values(sandbox.__RSC_MANIFEST ?? {})[0]!;
}

function printRoutes(routes: string[]): void {
  const buildManifest = JSON.parse(fs.readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const base = buildManifest.rootMainFiles;
  const baseGzip = base.reduce((n, f) => n + gzipOf(f), 0);
  console.log(`Every page (framework: React DOM, the Next router, Turbopack's runtime): ${kB(baseGzip)} gzip`);
  for (const f of base) console.log(`    ${path.basename(f)} ${kB(gzipOf(f))}`);
  for (const route of routes) {
    const manifest = readClientManifest(route);
    const files = new Set(base);
    for (const entry of Object.values(manifest.entryJSFiles)) for (const f of entry) files.add(f);
    const total = [...files].reduce((n, f) => n + gzipOf(f), 0);
    console.log(`${route}: ${kB(total)} gzip named by its HTML`);
    // Each entry (layout, page, error, loading) with the chunks no entry before it named.
    const shown = new Set(base);
    for (const [entry, chunks] of Object.entries(manifest.entryJSFiles)) {
      const own = chunks.filter((f) => !shown.has(f));
      for (const f of own) shown.add(f);
      if (own.length > 0) console.log(`    ${entry.replace('[project]/', '')}: ${own.map((f) => `${path.basename(f)} ${kB(gzipOf(f))}`).join(', ')}`);
    }
  }
}

type AnalyzePart = { type: string; filename?: string; source_path?: string; compressed_size?: number };

function printModules(jsonl: string): void {
  const parts = fs
    .readFileSync(jsonl, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AnalyzePart)
    .filter((p) => p.type === 'part' && p.filename?.startsWith('[client-fs]'));
  const chunks = new Map<string, { total: number; groups: Map<string, number> }>();
  for (const part of parts) {
    const chunk = chunks.get(part.filename!) ?? { total: 0, groups: new Map<string, number>() };
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(part.source_path ?? '');
    const group = pkg ? pkg[1]! : (part.source_path ?? '?').replace('[project]/', '').split('/').slice(0, 3).join('/');
    chunk.total += part.compressed_size ?? 0;
    chunk.groups.set(group, (chunk.groups.get(group) ?? 0) + (part.compressed_size ?? 0));
    chunks.set(part.filename!, chunk);
  }
  for (const [file, chunk] of [...chunks].sort((a, b) => b[1].total - a[1].total)) {
    console.log(`${path.basename(file)}: ${kB(chunk.total)} (modules compressed one by one)`);
    for (const [group, size] of [...chunk.groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${group} ${kB(size)}`);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--modules' && args[1]) printModules(args[1]);
else printRoutes(args.length > 0 ? args : ['(overview)', 'runbooks/[id]', 'noc', 'approvals']);
