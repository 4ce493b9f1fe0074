// Writes deploy/prometheus/rules.yml from the catalog (`npm run rules`); a unit test keeps it in step.
import fs from 'node:fs';
import { loadCatalog } from '../lib/catalog/load';
import { getExporterSelectors, parseEnv } from '../lib/env';
import { renderAlertRules } from '../lib/catalog/prometheus-rules';

const consoleUrl = process.env.CONSOLE_URL ?? 'https://ops.voicehive.example';
const out = process.argv[2] ?? 'deploy/prometheus/rules.yml';
// The same exporter selectors as the console (EXPORTER_SELECTOR_*), so the rules read the series the tiles read.
const selectors = getExporterSelectors(parseEnv(process.env));
fs.writeFileSync(out, renderAlertRules(loadCatalog('runbooks'), { window: process.env.SIGNAL_WINDOW ?? '5m', consoleUrl, selectors }));
console.log(`wrote ${out}`);
