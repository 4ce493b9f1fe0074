import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { scenarios } from '../scenarios';
import { ATTACKER_IPS } from './log-lines';
import { pmsVendors } from '../topology';
import type { Remedy } from './remedies';

/**
 * The runbooks' buttons as the remedies the simulator reports when they are pressed, and the README's
 * "which button heals which scenario" table built from them and the scenarios' `resolvedBy`, so the
 * table cannot drift from either (`tsx sim/main.ts remedies` prints it; a test compares).
 */

interface Action {
  kind: string;
  target: { namespace?: string; name?: string; container?: string; selector?: string; service?: string; path?: string; key?: string };
  values?: Record<string, string>;
  params?: Record<string, { type: string; min?: number; max?: number; default?: number; values?: string[] }>;
}

export interface Button {
  /** `section/step-id`, as the console names the button. */
  id: string;
  remedies: Remedy[];
}

/** A target template (`/admin/pms/{vendor}/refresh-token`) filled with every value of its enum or pms-vendor params; none when a param is free. */
function expandTemplate(template: string, params: Action['params'] = {}): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].reduce<string[]>((filled, [placeholder, name]) => {
    const param = params[name ?? ''];
    const values = param?.type === 'pms-vendor' ? pmsVendors : (param?.values ?? []);
    return filled.flatMap((text) => values.map((value) => text.replace(placeholder, value)));
  }, [template]);
}

function remediesOf(action: Action): Remedy[] {
  const namespace = action.target.namespace ?? 'voicehive';
  const name = action.target.name ?? '';
  const names = name === '{deployment}' ? (action.params?.deployment?.values ?? []) : [name];
  switch (action.kind) {
    case 'rollout-restart':
      return names.map((deployment) => ({ kind: 'rollout', namespace, deployment, trigger: 'restart' }));
    case 'rollout-undo':
      return names.map((deployment) => ({ kind: 'rollout', namespace, deployment, trigger: 'undo' }));
    case 'scale': {
      const bounds: { min?: number; default?: number; max?: number } = action.params?.replicas ?? {};
      return [bounds.min, bounds.default, bounds.max].filter((n) => n !== undefined).map((replicas) => ({ kind: 'scale', namespace, deployment: name, replicas: replicas! }));
    }
    case 'set-env':
      // A changed env is a template change: the deployment rolls out too.
      return [
        { kind: 'rollout', namespace, deployment: name, trigger: 'template' },
        { kind: 'set-env', namespace, deployment: name, container: action.target.container ?? name, env: action.values ?? {} },
      ];
    case 'patch-configmap': {
      // A free parameter is what the operator types; for the IP list, the attackers' IPs from the logs; a choice
      // or a bounded number, each value it offers (the bounds and the default for a number).
      const choices = (p: NonNullable<Action['params']>[string]): string[] =>
        p.type === 'ip-list' ? [ATTACKER_IPS.join(',')] : p.type === 'enum' ? (p.values ?? []) : p.type === 'integer' ? [p.min, p.default, p.max].filter((n) => n !== undefined).map(String) : [''];
      const datas = Object.entries(action.values ?? {}).reduce<Record<string, string>[]>((filled, [key, value]) => {
        const param = /^\{(\w+)\}$/.exec(value)?.[1];
        const spec = param ? action.params?.[param] : undefined;
        return filled.flatMap((data) => (spec ? choices(spec) : [value]).map((v) => ({ ...data, [key]: v })));
      }, [{}]);
      return datas.map((data) => ({ kind: 'patch-configmap', namespace, name, data }));
    }
    case 'delete-pods': {
      if (action.target.name) return [{ kind: 'delete-pod', namespace, pod: action.target.name, labels: {} }];
      const app = /^app=(.+)$/.exec(action.target.selector ?? '')?.[1];
      return app ? [{ kind: 'rollout', namespace, deployment: app, trigger: 'delete-pods' }] : [];
    }
    case 'create-job-from-cronjob':
      return [{ kind: 'run-job', namespace, cronjob: name, job: `${name}-manual` }];
    case 'http-post':
      return expandTemplate(action.target.path ?? '', action.params).map((path) => ({ kind: 'admin-post', service: action.target.service ?? '', path }));
    case 'redis-del':
      return expandTemplate(action.target.key ?? '', action.params).map((key) => ({ kind: 'redis-del', key }));
    default:
      return []; // redis-set and redis-flushdb heal nothing the simulator models
  }
}

export function readButtons(dir = path.join(process.cwd(), 'runbooks')): Button[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => {
      const doc = parse(readFileSync(path.join(dir, file), 'utf8')) as { id: string; resolution?: { id: string; action?: Action }[] };
      return (doc.resolution ?? []).flatMap((step) => (step.action ? [{ id: `${doc.id}/${step.id}`, remedies: remediesOf(step.action) }] : []));
    })
    .filter((button) => button.remedies.length > 0);
}

/** The markdown table: scenario, what to do (buttons that do it, in order), what it does. */
export function formatRemedyTable(buttons: Button[] = readButtons()): string {
  const rows = scenarios.flatMap((scenario) =>
    (scenario.resolvedBy ?? []).map((resolution) => {
      const steps = resolution.when.map((matcher) => {
        const ids = buttons.filter((b) => b.remedies.some((r) => matcher.test(r))).map((b) => b.id);
        return `${matcher.says} — ${ids.length > 0 ? ids.map((id) => `\`${id}\``).join(', ') : 'no button (kubectl)'}`;
      });
      return `| \`${scenario.id}\` | ${steps.join('; then ')} | ${resolution.effect} |`;
    }),
  );
  const without = scenarios.filter((s) => s.id !== 'healthy' && (s.resolvedBy ?? []).length === 0).map((s) => `\`${s.id}\``);
  return [
    '| scenario | do (runbook buttons `section/step`) | effect |',
    '|---|---|---|',
    ...rows,
    '',
    `No remedy heals ${without.join(', ')} (their sections' steps are manual, or change nothing the simulator models).`,
  ].join('\n');
}
