// A bad environment or a bad catalog file stops the start with a message naming the variable,
// or the file, the path inside it and what is wrong.
import { getEnv } from './lib/env';
import { loadConfiguredCatalog } from './lib/catalog/load';

try {
  const { sections } = loadConfiguredCatalog(getEnv());
  console.log(`[voicehive-ops] catalog: ${sections.length} runbook sections loaded`);
} catch (error) {
  console.error(`[voicehive-ops] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
