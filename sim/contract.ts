import fs from 'node:fs';

/**
 * Reads the metric tables of shared/contract/metrics.md, so tests check the simulator against the
 * contract itself rather than a copy that could drift from it.
 */
export interface ContractMetric {
  name: string;
  /** From the VoiceHive table; the exporter table gives no types. */
  type?: string;
  /** Label names the contract lists (namespace is added by the "every workload series" rule). */
  labels: string[];
  /** Allowed values where the contract enumerates them, e.g. outcome = success | failed. */
  values: Record<string, string[]>;
  /** True for the VoiceHive table, whose label set is exact. */
  exact: boolean;
}

const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
const labelNames = (list: string) => list.replace(/^\{|\}$/g, '').split(',').map((part) => part.split('=')[0]?.trim() ?? '').filter(Boolean);
/** Table cells, split on pipes that markdown has not escaped (`\|` inside a cell). */
const cellsOf = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());

function parseVoiceHiveRow(cells: string[]): ContractMetric | null {
  const [nameCell, typeCell, labelCell] = cells;
  const name = ticked(nameCell ?? '')[0];
  if (!name || !typeCell || labelCell === undefined) return null;
  const labels: string[] = [];
  const values: Record<string, string[]> = {};
  // "`vendor`, `outcome` = `ok` \| `error`" → vendor, outcome (ok|error); "(e.g. …)" lists are only examples.
  for (const part of labelCell.replace(/\([^)]*\)/g, '').split(',')) {
    const [label, ...enumerated] = ticked(part);
    if (!label) continue;
    labels.push(label);
    if (part.includes('=')) values[label] = enumerated;
  }
  return { name, type: typeCell, labels, values, exact: true };
}

function parseExporterRow(cells: string[]): ContractMetric[] {
  const tokens = ticked(cells[0] ?? '');
  const shared = tokens.filter((t) => t.startsWith('{')).flatMap(labelNames);
  return tokens
    .filter((t) => !t.startsWith('{'))
    .map((token) => {
      const [name = '', inline = ''] = token.split(/\{(.*)\}/);
      return { name, labels: [...labelNames(inline), ...shared], values: {}, exact: false };
    });
}

export function readContractMetrics(file: string): ContractMetric[] {
  if (!fs.existsSync(file)) throw new Error(`metrics contract not found at ${file}: the simulator is checked against shared/contract/metrics.md, which must sit beside the repository`);
  const metrics: ContractMetric[] = [];
  let table: 'voicehive' | 'exporters' | null = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) table = line.includes('VoiceHive') ? 'voicehive' : line.includes('Standard exporters') ? 'exporters' : null;
    if (!table || !line.startsWith('| `')) continue;
    const cells = cellsOf(line);
    if (table === 'voicehive') {
      const metric = parseVoiceHiveRow(cells);
      if (metric) metrics.push(metric);
    } else metrics.push(...parseExporterRow(cells));
  }
  return metrics;
}
