// Writes deploy/kubernetes/rbac.yaml and admission-policy.yaml from the catalog (`npm run rbac`); unit tests keep them in step.
import fs from 'node:fs';
import { loadCatalog } from '../lib/catalog/load';
import { renderAdmissionPolicies } from '../lib/kubernetes/admission-policy';
import { renderRbacManifest } from '../lib/kubernetes/rbac-manifest';

const sections = loadCatalog('runbooks');
const outputs: [string, string][] = [
  ['deploy/kubernetes/rbac.yaml', renderRbacManifest(sections)],
  ['deploy/kubernetes/admission-policy.yaml', renderAdmissionPolicies(sections)],
];
for (const [file, text] of outputs) {
  fs.writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
