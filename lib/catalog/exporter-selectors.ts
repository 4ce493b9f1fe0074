import { exporterFamilies, familyInfo, findFamily, type ExporterFamily } from './exporter-families';

/**
 * Exporter selectors: the catalog writes `pg_up{$postgres}` or `voicehive_http_requests_total{$voicehive,code="429"}`,
 * and the label matchers that select each exporter family in this estate replace the placeholder
 * (EXPORTER_SELECTOR_POSTGRES='namespace="monitoring",job="managed-pg"'). Pure: the server, the rules
 * generator and the catalog checks share it.
 */

/** Each family's matchers, e.g. postgres → ['namespace="monitoring"', 'job="managed-pg"']; [] selects every series. */
export type ExporterSelectors = Record<ExporterFamily, string[]>;

// One label matcher as PromQL writes it: a label name, an operator and a double-quoted string.
const matcherPattern = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\\n]|\\.)*")$/;

/** Splits on commas that are not inside a double-quoted string. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/**
 * Parses a list of label matchers as a person writes it in configuration: `namespace="monitoring", job="pg"`,
 * the same in braces, or `{}` (or nothing) for none. Throws an Error saying what is wrong.
 */
export function parseMatchers(text: string): string[] {
  let body = text.trim();
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  const items = splitOutsideQuotes(body).map((s) => s.trim());
  if (items.length === 1 && items[0] === '') return [];
  return items.map((item) => {
    const match = matcherPattern.exec(item);
    if (!match) throw new Error(`${JSON.stringify(item)} is not a label matcher such as namespace="monitoring" (operators =, !=, =~, !~; values in double quotes)`);
    if (match[1] === '__name__') throw new Error('must not match __name__: the catalog names the metric');
    return `${match[1]}${match[2]}${match[3]}`;
  });
}

export function defaultSelectors(): ExporterSelectors {
  return Object.fromEntries(exporterFamilies.map((f) => [f, parseMatchers(familyInfo[f].defaultMatchers)])) as ExporterSelectors;
}

const isFamily = (name: string): name is ExporterFamily => (exporterFamilies as readonly string[]).includes(name);

/** Calls `visit` with each `{…}` block's inside (outside quoted strings), and puts back what it returns, braces included. */
function mapSelectorBlocks(query: string, visit: (inside: string, metric: string) => string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quoted) {
      out += c;
      if (c === '\\') out += query[++i] ?? '';
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    if (c !== '{') {
      out += c;
      continue;
    }
    let end = i + 1;
    for (let q = false; end < query.length && (q || query[end] !== '}'); end++) {
      if (query[end] === '\\') end++;
      else if (query[end] === '"') q = !q;
    }
    const metric = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(out)?.[1] ?? '';
    out += visit(query.slice(i + 1, end), metric);
    i = end;
  }
  return out;
}

/** Replaces every `$family` placeholder inside a selector with that family's configured matchers. */
export function expandSelectors(query: string, selectors: ExporterSelectors): string {
  return mapSelectorBlocks(query, (inside, metric) => {
    const items = splitOutsideQuotes(inside).map((s) => s.trim()).filter(Boolean);
    const expanded = items.flatMap((item) => {
      const placeholder = /^\$([a-z_]+)$/.exec(item)?.[1];
      if (placeholder === undefined) return [item];
      if (!isFamily(placeholder)) throw new Error(`unknown exporter placeholder $${placeholder}`);
      return selectors[placeholder];
    });
    // `up` rather than `up{}` when nothing is left; a selector without a metric name keeps its braces.
    return expanded.length === 0 && metric ? '' : `{${expanded.join(',')}}`;
  });
}

/** A metric selector found in a query: its metric name and matchers (as written). */
export type MetricSelector = { metric: string; matchers: string[] };

/** Every `metric{…}` selector in a query, in order (after expansion, the matchers are the estate's). */
export function findMetricSelectors(query: string): MetricSelector[] {
  const found: MetricSelector[] = [];
  mapSelectorBlocks(query, (inside, metric) => {
    found.push({ metric, matchers: splitOutsideQuotes(inside).map((s) => s.trim()).filter(Boolean) });
    return `{${inside}}`;
  });
  return found;
}

/** Words that look like names in PromQL but are not metrics. */
const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan']);

/**
 * Why a catalog query does not select its exporters through placeholders: a contract metric written without
 * `{$family}`, or with a hard-coded namespace. Empty when the query is fine.
 */
export function findSelectorProblems(query: string): string[] {
  const problems: string[] = [];
  // Blank out quoted strings and range/offset brackets so only names and selectors remain.
  const plain = query.replace(/"(?:[^"\\]|\\.)*"/g, (s) => ' '.repeat(s.length)).replace(/\[[^\]]*\]/g, (s) => ' '.repeat(s.length));
  for (const match of plain.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const family = findFamily(name);
    if (!family || keywords.has(name)) continue;
    const before = plain.slice(0, match.index);
    if (/\{[^}]*$/.test(before)) continue; // a label name inside a selector
    const after = plain.slice(match.index + name.length);
    if (/^\s*\(/.test(after)) continue; // a function call, not a metric
    const block = /^\s*\{([^}]*)\}/.exec(after);
    const inside = block ? splitOutsideQuotes(query.slice(match.index + name.length).replace(/^\s*\{/, '').split('}')[0] ?? '').map((s) => s.trim()) : [];
    if (!inside.includes(`$${family}`)) problems.push(`${name} must select its exporter with {$${family}} (set by EXPORTER_SELECTOR_${family.toUpperCase()}), not hard-coded labels`);
    else if (inside.some((m) => /^namespace\s*(=|!=|=~|!~)/.test(m))) problems.push(`${name} hard-codes a namespace: the $${family} placeholder selects it`);
  }
  return problems;
}
