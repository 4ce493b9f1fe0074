// A small kustomize renderer for the tests: no kustomize or kubectl binary can be installed here (Debian has
// no package for it; the releases are downloads). It does only what deploy/kubernetes uses, and refuses any
// other kustomization field rather than ignore it:
//   resources (files and directories holding a kustomization.yaml), and
//   patches: inline JSON 6902 patches with a target (kind, name, optional group/version/namespace), and
//   inline strategic-merge patches that are only `$patch: delete` of one object.
// JSON 6902 operations are applied by fast-json-patch (add, remove, replace, test, move, copy).
import fs from 'node:fs';
import path from 'node:path';
import jsonPatch, { type Operation } from 'fast-json-patch';
import YAML from 'yaml';

export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

type Target = { group?: string; version?: string; kind?: string; name?: string; namespace?: string };
type Patch = { patch?: string; path?: string; target?: Target };
type Kustomization = { apiVersion?: string; kind?: string; resources?: string[]; patches?: Patch[] };

const supported = new Set(['apiVersion', 'kind', 'resources', 'patches']);

/** Every document of a YAML file (empty documents, e.g. after a leading `---`, are skipped). */
export function readObjects(file: string): KubeObject[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const versionOf = (apiVersion: string) => apiVersion.split('/').at(-1)!;

function matches(object: KubeObject, target: Target): boolean {
  return (
    (target.kind === undefined || target.kind === object.kind) &&
    (target.name === undefined || target.name === object.metadata.name) &&
    (target.namespace === undefined || target.namespace === object.metadata.namespace) &&
    (target.group === undefined || target.group === groupOf(object.apiVersion)) &&
    (target.version === undefined || target.version === versionOf(object.apiVersion))
  );
}

const idOf = (o: KubeObject) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Renders the kustomization in `dir` as `kubectl kustomize dir` would, for the fields above. */
export function renderKustomization(dir: string): KubeObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const kustomization = YAML.parse(fs.readFileSync(file, 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !supported.has(key));
  if (unknown.length > 0) throw new Error(`${file}: this renderer does not support ${unknown.join(', ')}`);
  if (kustomization.kind !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);

  let objects: KubeObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const where = path.resolve(dir, resource);
    objects.push(...(fs.statSync(where).isDirectory() ? renderKustomization(where) : readObjects(where)));
  }
  const ids = objects.map(idOf);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  // kustomize refuses an object defined twice ("may not add resource with an already registered id").
  if (twice) throw new Error(`${file}: ${twice} is defined twice`);

  for (const [i, patch] of (kustomization.patches ?? []).entries()) {
    if (patch.patch === undefined) throw new Error(`${file}: patches[${i}]: only inline patches are supported`);
    const parsed = YAML.parse(patch.patch) as unknown;
    if (Array.isArray(parsed)) {
      if (!patch.target) throw new Error(`${file}: patches[${i}]: a JSON 6902 patch needs a target`);
      const targets = objects.filter((o) => matches(o, patch.target!));
      // kustomize applies a patch to every match; one matching nothing is almost always a mistake in a target.
      if (targets.length === 0) throw new Error(`${file}: patches[${i}]: the target matches no object`);
      for (const target of targets) {
        const error = jsonPatch.validate(parsed as Operation[], target);
        if (error) throw new Error(`${file}: patches[${i}] on ${idOf(target)}: ${error.message}`);
        const patched = jsonPatch.applyPatch(structuredClone(target), parsed as Operation[], true, false).newDocument;
        objects = objects.map((o) => (o === target ? patched : o));
      }
      continue;
    }
    const smp = parsed as KubeObject & { $patch?: string };
    if (smp.$patch !== 'delete' || Object.keys(smp).some((k) => !['$patch', 'apiVersion', 'kind', 'metadata'].includes(k))) {
      throw new Error(`${file}: patches[${i}]: only JSON 6902 patches and \`$patch: delete\` are supported`);
    }
    const id = idOf(smp);
    if (!objects.some((o) => idOf(o) === id)) throw new Error(`${file}: patches[${i}]: nothing to delete: ${id}`);
    objects = objects.filter((o) => idOf(o) !== id);
  }
  return objects;
}
