// Writes deploy/prometheus/rules.yml from the catalog (`npm run rules`); a unit test keeps it in step.
import fs from 'node:fs';
import { loadCatalog } from '../lib/catalog/load';
import { renderAlertRules } from '../lib/catalog/prometheus-rules';

const consoleUrl = process.env.CONSOLE_URL ?? 'https://ops.voicehive.example';
const out = process.argv[2] ?? 'deploy/prometheus/rules.yml';
fs.writeFileSync(out, renderAlertRules(loadCatalog('runbooks'), { window: process.env.SIGNAL_WINDOW ?? '5m', consoleUrl }));
console.log(`wrote ${out}`);
