import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { checkedSectionSchema, severityLevelSchema, type Section, type SeverityLevel } from './schema';

/** A catalog or configuration file that cannot be used; the message names the file, the path in it and why. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'CatalogError';
  }
}

function readYaml(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw new CatalogError(file, [{ path: at ? `line ${at.line}, column ${at.col}` : '', message: error.message.split('\n')[0] ?? 'invalid YAML' }]);
    }
    throw error;
  }
}

function parseWith<T>(schema: z.ZodType<T>, file: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new CatalogError(
      file,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}

/** Loads and validates every `*.yaml` section in `dir`; file names must match section ids. */
export function loadCatalog(dir: string): Section[] {
  if (!fs.existsSync(dir)) throw new CatalogError(dir, [{ path: '', message: 'catalog directory does not exist' }]);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  if (files.length === 0) throw new CatalogError(dir, [{ path: '', message: 'no *.yaml section files' }]);
  const sections = files.map((name) => {
    const file = path.join(dir, name);
    const section = parseWith(checkedSectionSchema, file, readYaml(file));
    const expected = name.replace(/\.yaml$/, '');
    if (section.id !== expected) throw new CatalogError(file, [{ path: 'id', message: `is "${section.id}" but the file name says "${expected}"` }]);
    return section;
  });
  return sections;
}

const severityTableSchema = z.object({
  levels: z.record(
    severityLevelSchema,
    z.object({ name: z.string().min(1), meaning: z.string().min(1), respondWithinMinutes: z.number().positive() }),
  ),
});
export type SeverityTable = Record<SeverityLevel, { name: string; meaning: string; respondWithinMinutes: number }>;

/** Loads the severity table (levels, meaning, response time); every level P0..P3 must be present. */
export function loadSeverityTable(file: string): SeverityTable {
  if (!fs.existsSync(file)) throw new CatalogError(file, [{ path: '', message: 'severity table file does not exist' }]);
  // z.record over an enum is exhaustive: a missing level is reported by the schema itself.
  return parseWith(severityTableSchema, file, readYaml(file)).levels;
}

/** The catalog and severity table at the configured paths (relative to the working directory). */
export function loadConfiguredCatalog(paths: { CATALOG_DIR: string; SEVERITY_TABLE: string }) {
  // The catalog is read at run time from a configured path, not bundled: tell Turbopack's file tracer.
  const sections = loadCatalog(path.resolve(/*turbopackIgnore: true*/ process.cwd(), paths.CATALOG_DIR));
  return { sections, severityTable: loadSeverityTable(path.resolve(/*turbopackIgnore: true*/ process.cwd(), paths.SEVERITY_TABLE)) };
}
