import { z } from 'zod';
import { httpKinds, kubernetesKinds, MAX_REDIS_TTL_SECONDS, MAX_TEMPORARY_MINUTES, redisKinds, temporaryKinds } from '@/lib/actions/kinds';
import { listQueries } from './bind-selectors';
import { defaultSelectors, expandSelectors, findSelectorProblems } from './exporter-selectors';

/**
 * The runbook catalog schema: one YAML file per runbook section in runbooks/.
 * Pure (no server-only imports) so client code can share the types.
 *
 * PromQL in the catalog may use `$window`, replaced at query time by the configured signal window
 * (SIGNAL_WINDOW, default 5m: the contract's "5-minute window"). Windows that the contract fixes
 * (e.g. "in the last hour", "for more than 10 minutes") are written literally.
 */

export const severityLevels = ['P0', 'P1', 'P2', 'P3'] as const;
export const severityLevelSchema = z.enum(severityLevels);
export type SeverityLevel = z.infer<typeof severityLevelSchema>;

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case: lower-case letters, digits and dashes');

export const unitSchema = z.enum(['ratio', 'seconds', 'bytes', 'count', 'per-second', 'boolean', 'timestamp-age']);
export type Unit = z.infer<typeof unitSchema>;

export const comparisonSchema = z.enum(['>', '>=', '<', '<=', '==', '!=']);
export type Comparison = z.infer<typeof comparisonSchema>;

/** A threshold rule: fires when `value <op> threshold` holds for any series of the signal. */
export const ruleSchema = z.object({
  severity: severityLevelSchema,
  op: comparisonSchema,
  threshold: z.number().finite(),
  /** The rule as the seed words it, e.g. "call success rate < 95 %". */
  description: z.string().min(1),
  /** Which seed it comes from, e.g. "000". */
  seed: z.string().optional(),
  /**
   * The seed's own classification, for a rule citing a seed with its own severity scale (002, 003, 004 number
   * and time their levels differently from 000's table): e.g. 004's {level: P1, name: Critical,
   * respondWithinMinutes: 5}, which is the console's P0 by meaning. Shown beside the rule; when the seed's
   * response time is shorter than the configured level's, the stricter one sets the deadline (README "Severity").
   */
  classification: z
    .object({ level: z.string().regex(/^P[0-4]$/), name: z.string().min(1), respondWithinMinutes: z.number().positive() })
    .optional(),
  /**
   * Fires only once the condition has held this long without a break (like a Prometheus alert's `for`),
   * e.g. "a breaker open for more than 10 minutes" → `for: 10m`. Judged from the signal's history, so a
   * Prometheus that has only just started cannot make it fire early.
   */
  for: z.string().regex(/^\d+(s|m|h)$/, 'must be a duration such as 30s, 10m or 1h').optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export const signalSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  /** Instant PromQL; may return several series (worst wins). */
  query: z.string().min(1),
  unit: unitSchema,
  /** Labels that name a series for people, e.g. [vendor] → "apaleo". */
  seriesLabels: z.array(z.string()).default([]),
  /**
   * What an empty result means. `unknown` (default) for signals that must always exist;
   * `ok` where absence is the healthy state (e.g. no OOMKilled containers, no ungranted locks).
   */
  onEmpty: z.enum(['unknown', 'ok']).default('unknown'),
  rules: z.array(ruleSchema).min(1),
  /**
   * An enumerated gauge's states by value, e.g. {0: closed, 1: half-open, 2: open}: readings, rules and
   * headlines say the word, never the number. A boolean without it reads up/down or yes/no.
   */
  states: z.record(z.string().regex(/^-?\d+$/, 'must be a whole number'), z.string().min(1)).optional(),
  /**
   * What a headline calls the thing the signal measures, e.g. "PostgreSQL" ("PostgreSQL is down") or
   * "{series} breaker" ("pms_connector breaker is open"); the signal's name when absent.
   */
  subject: z.string().min(1).optional(),
});
export type Signal = z.infer<typeof signalSchema>;

const thresholdLineSchema = z.object({ value: z.number().finite(), severity: severityLevelSchema, label: z.string().optional() });

export const panelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('timeseries'),
    id: idSchema,
    title: z.string().min(1),
    query: z.string().min(1),
    unit: unitSchema,
    seriesLabels: z.array(z.string()).default([]),
    thresholds: z.array(thresholdLineSchema).default([]),
    /** An enumerated gauge's states by value, as on a signal: the axis and the tooltip say the word. */
    states: z.record(z.string().regex(/^-?\d+$/, 'must be a whole number'), z.string().min(1)).optional(),
  }),
  z.object({
    kind: z.literal('workloads'),
    id: idSchema,
    title: z.string().min(1),
    namespace: z.string().min(1).default('voicehive'),
    /** Kubernetes label selector, e.g. "app=orchestrator". */
    selector: z.string().min(1),
  }),
  z.object({
    kind: z.literal('pms-vendors'),
    id: idSchema,
    title: z.string().min(1),
    /** Per-vendor figures from Prometheus for each tile: request rate by `vendor` and `outcome`, and latency p95 by `vendor`. */
    requestsQuery: z.string().min(1).optional(),
    latencyQuery: z.string().min(1).optional(),
    /** The connector's circuit breaker: its name and the query giving its state (0 closed, 1 half-open, 2 open). */
    breaker: z.object({ name: z.string().min(1), query: z.string().min(1) }).optional(),
    /** The connector's rate-limit key in Redis per vendor, e.g. "ratelimit:{vendor}" (value and TTL on each tile). */
    rateLimitKey: z.string().regex(/^[\w:.-]*\{vendor\}[\w:.-]*$/, 'must be a Redis key with a {vendor} placeholder').optional(),
  }),
  z.object({
    kind: z.literal('logs'),
    id: idSchema,
    title: z.string().min(1),
    namespace: z.string().min(1).default('voicehive'),
    selector: z.string().min(1),
    /** The seed's filter, as a case-insensitive regular expression, e.g. "ERROR". */
    filter: z.string().min(1).optional(),
    tailLines: z.number().int().min(1).max(5000).default(500),
  }),
]);
export type Panel = z.infer<typeof panelSchema>;

export const roleSchema = z.enum(['viewer', 'operator', 'approver', 'admin']);
export type Role = z.infer<typeof roleSchema>;

const boundedNumberParam = z.object({
  type: z.literal('integer'),
  min: z.number().int(),
  max: z.number().int(),
  default: z.number().int().optional(),
  /**
   * set-env: the value it fills must be below the one the variable holds now (a cap lowered to shed load); the
   * preview refuses a value at or above it, naming the parameter.
   */
  belowCurrent: z.boolean().optional(),
});
const enumParam = z.object({ type: z.literal('enum'), values: z.array(z.string().min(1)).min(1), default: z.string().optional() });
const stringParam = z.object({ type: z.enum(['ipv4-or-ipv6', 'numeric-id', 'ip-list']) });
/**
 * A PMS vendor: one of the vendors the console is configured with (PMS_HEALTH_URLS, else the default
 * five). The server turns it into an `enum` of those when it loads the catalog, so the browser gets a list.
 */
const pmsVendorParam = z.object({ type: z.literal('pms-vendor') });
export const actionParamSchema = z.union([boundedNumberParam, enumParam, stringParam, pmsVendorParam]);

/**
 * The action a resolution step will become. Execution is wired per kind in later work; until a kind
 * is wired the step is shown as a manual step with its seed command, never as a dead button.
 */
export const actionSchema = z.object({
  kind: z.enum([...kubernetesKinds, ...redisKinds, ...httpKinds]),
  /** Fixed target: a Kubernetes object (kind/name in a namespace), a Redis key pattern or a service admin path. */
  target: z.object({
    namespace: z.string().optional(),
    resource: z.string().optional(),
    name: z.string().optional(),
    selector: z.string().optional(),
    container: z.string().optional(),
    key: z.string().optional(),
    service: z.string().optional(),
    path: z.string().optional(),
    /** http-post: a GET on the same service that reads the state the POST changes (preview, then verification). */
    statusPath: z.string().optional(),
  }),
  /**
   * Fixed values: env var names and values, ConfigMap keys; for redis-set `value` and `ttlSeconds`; for
   * http-post the fields of the status endpoint's answer once the change worked (e.g. `state: closed`);
   * for scale `replicas`. A value may be a parameter's placeholder (`{blocked_ips}`; a list is joined by commas).
   */
  values: z.record(z.string(), z.string()).default({}),
  /** Parameters the person may choose, with bounds. */
  params: z.record(z.string(), actionParamSchema).default({}),
  role: roleSchema.default('operator'),
  approval: z.boolean().default(false),
  /**
   * Idempotent by nature (a restart): worth doing again even when its preview shows nothing to change.
   * Any other action whose preview changes nothing is refused before confirm ("nothing would change").
   */
  idempotent: z.boolean().default(false),
  /**
   * A change meant to last a while (a fallback mode, debug logging, a raised limit): the person chooses how
   * long, up to `maxMinutes`, and the console sets the previous values back when it runs out (lib/actions/temporary.ts).
   */
  temporary: z.object({ defaultMinutes: z.number().int().min(1), maxMinutes: z.number().int().min(1).max(MAX_TEMPORARY_MINUTES) }).optional(),
});
export type Action = z.infer<typeof actionSchema>;

/**
 * A seed's command kept as the seed wrote it, where the catalog shows another one first: runbooks 002 and 003
 * describe a docker-compose/host deployment, so their commands cannot be run on this Kubernetes estate, and a few
 * of 001's commands are replaced by a safer equivalent. Shown below the command, "As written in runbook 00N".
 */
export const seedCommandSchema = z.object({
  runbook: z.enum(['000', '001', '002', '003', '004']),
  command: z.string().min(1),
});
export type SeedCommand = z.infer<typeof seedCommandSchema>;

export const stepSchema = z.object({
  id: idSchema,
  title: z.string().min(1),
  /** Why or when to take this step, in the seed's words. */
  detail: z.string().optional(),
  /** The command to run by hand on this estate (kubectl against namespace voicehive); the seed's own when it can be run here. */
  command: z.string().optional(),
  /** The seed's original, when `command` is this estate's equivalent of it. */
  seedCommand: seedCommandSchema.optional(),
  action: actionSchema.optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const diagnosisSchema = z.object({
  title: z.string().min(1),
  command: z.string().optional(),
  /** The seed's original, when `command` is this estate's equivalent of it. */
  seedCommand: seedCommandSchema.optional(),
  detail: z.string().optional(),
  /** Panel id that shows this live in the console, when one does. */
  panel: z.string().optional(),
});

export const sectionSchema = z.object({
  id: idSchema,
  title: z.string().min(1),
  /**
   * The part of the platform the section watches ("Data stores", "Voice & calls"): the overview groups its
   * tiles by it and its search finds sections by it (issue 15 point 6). The seeds name no owning teams, so
   * the catalog groups by area; a short phrase, shown as a heading.
   */
  area: z.string().trim().min(1).max(40),
  summary: z.string().min(1),
  /** Seeds this section is written from, e.g. ["000 §1 High Call Failure Rate"]. */
  sources: z.array(z.string()).min(1),
  symptoms: z.array(z.string().min(1)).min(1),
  /** Which signal gives the tile's key value and sparkline. */
  keySignal: z.string(),
  signals: z.array(signalSchema).min(1),
  panels: z.array(panelSchema).default([]),
  diagnosis: z.array(diagnosisSchema).default([]),
  resolution: z.array(stepSchema).min(1),
  escalation: z.array(z.string().min(1)).min(1),
  /**
   * The time to restore service once a disaster recovery is under way (000: RTO 4 hours), with the seed that
   * says so: an incident linked to this section shows it as a clock from the outage's start (issue 14 point 4).
   */
  recoveryTimeObjective: z.object({ minutes: z.number().int().min(1), source: z.string().min(1) }).optional(),
  statusLinks: z.array(z.object({ name: z.string().min(1), url: z.url() })).default([]),
});
export type Section = z.infer<typeof sectionSchema>;

/** What each non-Kubernetes kind needs in its target and values, checked when the catalog loads rather than at the press of a button. */
// Which parameter types may fill a placeholder in which part of a target: a list never, an address only in a Redis key.
const scalarTypes = ['enum', 'pms-vendor', 'numeric-id', 'integer'];
const templateTypes: Partial<Record<keyof Action['target'], string[]>> = { key: [...scalarTypes, 'ipv4-or-ipv6'] };
// A value (an env variable, a ConfigMap key) may carry an address, or a list of them joined by commas.
const valueTypes = [...scalarTypes, 'ipv4-or-ipv6', 'ip-list'];
// The fixed parts of a template: a Redis key is printable ASCII without spaces; a path is plain segments.
const templateShapes: Partial<Record<keyof Action['target'], RegExp>> = { key: /^[\x21-\x7e]+$/, path: /^(\/[\w.~{}-]+)+$/, statusPath: /^(\/[\w.~{}-]+)+$/ };

function findActionProblems(action: Action): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const [field, text] of Object.entries(action.target) as [keyof Action['target'], string | undefined][]) {
    if (text === undefined) continue;
    const shape = templateShapes[field];
    if (shape && !shape.test(text)) problems.push({ path: ['target', field], message: `${JSON.stringify(text)} is not a plain ${field === 'key' ? 'Redis key' : 'path'}` });
    for (const [, name = ''] of text.matchAll(/\{(\w+)\}/g)) {
      const spec = Object.hasOwn(action.params, name) ? action.params[name] : undefined;
      if (!spec) problems.push({ path: ['target', field], message: `uses {${name}}, which is not one of the action's params` });
      else if (!(templateTypes[field] ?? scalarTypes).includes(spec.type)) problems.push({ path: ['target', field], message: `uses {${name}}, whose type ${spec.type} cannot fill a ${field}` });
    }
  }
  for (const [name, text] of Object.entries(action.values)) {
    for (const [, param = ''] of text.matchAll(/\{(\w+)\}/g)) {
      const spec = Object.hasOwn(action.params, param) ? action.params[param] : undefined;
      if (!spec) problems.push({ path: ['values', name], message: `uses {${param}}, which is not one of the action's params` });
      else if (!valueTypes.includes(spec.type)) problems.push({ path: ['values', name], message: `uses {${param}}, whose type ${spec.type} cannot fill a value` });
    }
  }
  // Every parameter a person fills in must reach the change; one that reaches nothing would be asked for, checked and ignored.
  const used = JSON.stringify([action.target, action.values]);
  for (const name of Object.keys(action.params)) {
    if (!used.includes(`{${name}}`)) problems.push({ path: ['params', name], message: `is never used: put {${name}} in the target or the values, or remove it` });
  }
  for (const [name, spec] of Object.entries(action.params)) {
    if (spec.type === 'integer' && spec.belowCurrent && (action.kind !== 'set-env' || !Object.values(action.values).includes(`{${name}}`))) problems.push({ path: ['params', name, 'belowCurrent'], message: 'applies only to a set-env parameter that is a variable\'s whole value' });
  }
  if (action.kind === 'set-memory-limit' && !/^\{\w+\}$/.test(action.values.memoryMiB ?? '')) problems.push({ path: ['values', 'memoryMiB'], message: 'is required for set-memory-limit: an integer parameter in MiB, such as {memory_mib}, so the admission policy can bound it' });
  if (action.kind === 'scale' && action.values.replicas === undefined) problems.push({ path: ['values', 'replicas'], message: 'is required for scale (a number, or a parameter such as {replicas})' });
  const require = (field: keyof Action['target'], kinds: Action['kind'][]) => {
    if (kinds.includes(action.kind) && !action.target[field]) problems.push({ path: ['target', field], message: `is required for ${action.kind}` });
  };
  require('key', ['redis-del', 'redis-set']);
  require('service', ['http-post']);
  require('path', ['http-post']);
  // Every change is read back after it is made: an http-post needs the status endpoint and the fields it must report.
  if (action.kind === 'http-post') {
    if (!action.target.statusPath) problems.push({ path: ['target', 'statusPath'], message: 'an http-post needs a statusPath and the values it should report after the call: without them nothing could be read back' });
    if (Object.keys(action.values).length === 0) problems.push({ path: ['values'], message: 'an http-post needs the values its statusPath should report after the call: without them nothing could be read back' });
  }
  if (action.temporary) {
    // Only a change whose previous values can be read and written back: environment variables and ConfigMap keys.
    if (!temporaryKinds.includes(action.kind)) problems.push({ path: ['temporary'], message: `${action.kind} cannot be temporary: only ${temporaryKinds.join(' and ')} changes are set back when their time runs out` });
    if (action.temporary.defaultMinutes > action.temporary.maxMinutes) problems.push({ path: ['temporary', 'defaultMinutes'], message: `must be at most maxMinutes (${action.temporary.maxMinutes})` });
  }
  if (action.kind === 'redis-set') {
    if (action.values.value === undefined) problems.push({ path: ['values', 'value'], message: 'is required for redis-set' });
    const ttl = Number(action.values.ttlSeconds);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_REDIS_TTL_SECONDS) problems.push({ path: ['values', 'ttlSeconds'], message: `must be a whole number of seconds from 1 to ${MAX_REDIS_TTL_SECONDS}: a redis-set is always bounded in time` });
  }
  return problems;
}

/** Cross-field checks the shape alone cannot express: ids unique, references resolvable. */
export const checkedSectionSchema = sectionSchema.superRefine((section, ctx) => {
  const signalIds = section.signals.map((s) => s.id);
  const panelIds = section.panels.map((p) => p.id);
  const reportDuplicates = (ids: string[], path: string) => {
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: [path, index, 'id'], message: `duplicate id "${id}"` });
    });
  };
  reportDuplicates(signalIds, 'signals');
  reportDuplicates(panelIds, 'panels');
  reportDuplicates(section.resolution.map((s) => s.id), 'resolution');
  if (!signalIds.includes(section.keySignal)) {
    ctx.addIssue({ code: 'custom', path: ['keySignal'], message: `"${section.keySignal}" is not one of this section's signals (${signalIds.join(', ')})` });
  }
  section.resolution.forEach((step, index) => {
    if (!step.action) return;
    for (const problem of findActionProblems(step.action)) ctx.addIssue({ code: 'custom', path: ['resolution', index, 'action', ...problem.path], message: problem.message });
  });
  // Exporters are selected through placeholders, so an estate with other labels is a setting, not a catalog edit.
  for (const { path, query } of listQueries(section)) {
    for (const message of findSelectorProblems(query)) ctx.addIssue({ code: 'custom', path, message });
    try {
      expandSelectors(query, defaultSelectors());
    } catch (error) {
      ctx.addIssue({ code: 'custom', path, message: (error as Error).message });
    }
  }
  section.diagnosis.forEach((d, index) => {
    if (d.panel && !panelIds.includes(d.panel)) {
      ctx.addIssue({ code: 'custom', path: ['diagnosis', index, 'panel'], message: `"${d.panel}" is not one of this section's panels` });
    }
  });
});
