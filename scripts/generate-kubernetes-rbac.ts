// Writes deploy/kubernetes/rbac.yaml from the catalog (`npm run rbac`); a unit test keeps it in step.
import fs from 'node:fs';
import { loadCatalog } from '../lib/catalog/load';
import { renderRbacManifest } from '../lib/kubernetes/rbac-manifest';

const sections = loadCatalog('runbooks');
const outputs: [string, string][] = [['deploy/kubernetes/rbac.yaml', renderRbacManifest(sections)]];
for (const [file, text] of outputs) {
  fs.writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
