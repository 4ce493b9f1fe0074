// Checks a Kubernetes object against the API's schemas, two ways (no API server can run here):
// - kubernetes-models: the OpenAPI schemas of the Kubernetes API compiled to validators (types, required
//   fields, enums, formats), one class per kind; @kubernetes-models/prometheus-operator for its CRDs;
// - unknown fields, as the API server's strict field validation (kubectl's default) refuses them: the
//   object goes through @kubernetes/client-node's serializer, generated from the same OpenAPI document,
//   which keeps only the fields the API knows; anything it dropped is reported. For kinds the serializer
//   does not know (custom resources) this half checks nothing, and says so.
import { dumpYaml, loadYaml } from '@kubernetes/client-node';
import YAML from 'yaml';
import type { KubeObject } from './kustomize';

type Model = { validate(): void };
type ModelClass = new (data: unknown) => Model;

/** kubernetes-models' module for an apiVersion and kind (`v1/Service`, `apps/v1/Deployment`, …). */
async function modelFor(apiVersion: string, kind: string): Promise<ModelClass> {
  const specifier = apiVersion.startsWith('monitoring.coreos.com/')
    ? `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch {
    throw new Error(`no schema for ${apiVersion} ${kind} (${specifier})`);
  }
  const model = exports[kind];
  if (typeof model !== 'function') throw new Error(`${specifier} exports no ${kind}`);
  return model as ModelClass;
}

/** The paths of fields present in `given` but not in `kept` (what the serializer did not know). */
function droppedFields(given: unknown, kept: unknown, at = ''): string[] {
  if (Array.isArray(given)) return given.flatMap((item, i) => droppedFields(item, Array.isArray(kept) ? kept[i] : undefined, `${at}[${i}]`));
  if (given === null || typeof given !== 'object') return [];
  const keptObject = (kept ?? {}) as Record<string, unknown>;
  return Object.entries(given as Record<string, unknown>).flatMap(([key, value]) =>
    key in keptObject ? droppedFields(value, keptObject[key], `${at}.${key}`) : [`${at}.${key}`.slice(1)],
  );
}

export type SchemaCheck = { errors: string[]; unknownFields: string[]; strictChecked: boolean };

/** Schema errors and unknown fields of one object; empty lists when the API would take it. */
export async function checkAgainstSchemas(object: KubeObject): Promise<SchemaCheck> {
  const errors: string[] = [];
  try {
    const Model = await modelFor(object.apiVersion, object.kind);
    new Model(structuredClone(object)).validate();
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
  const roundTrip = (o: unknown) => YAML.parse(dumpYaml(loadYaml(YAML.stringify(o)))) as Record<string, unknown>;
  const unknownFields = droppedFields(object, roundTrip(object));
  // A kind the serializer does not know comes back as it went in, unknown fields and all: nothing was checked.
  // A field no kind has tells which it is.
  const strictChecked = !('notAFieldOfAnyKind' in roundTrip({ ...object, notAFieldOfAnyKind: true }));
  return { errors, unknownFields, strictChecked };
}
