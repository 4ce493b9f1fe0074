// The console's admin CLI: `npm run ops -- <command>`. It opens the same store as the server
// (DATABASE_URL or STORE_PATH) and records every change in the audit log as `cli:<unix user>`.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ApiError } from '../lib/api/errors';
import { verifyAuditLog } from '../lib/audit/log';
import type { Actor } from '../lib/auth/actor';
import { createDisplayToken, listDisplayTokens, revokeDisplayToken, rotateDisplayToken } from '../lib/auth/display-tokens';
import { generatePassword } from '../lib/auth/password';
import { addLocalUser, listUsers, setUserDisabled, setUserPassword, setUserRole, unlockUser } from '../lib/auth/users';
import { roleSchema } from '../lib/catalog/schema';
import { getEnv, getExporterSelectors } from '../lib/env';
import { openStore, type Store } from '../lib/server/store/open-store';

const USAGE = `usage: npm run ops -- <command>

  user add <name> --role <viewer|operator|approver|admin> [--display-name "…"]
                                  creates a local account and prints a generated password
                                  (or reads one from the OPS_PASSWORD environment variable)
  user list
  user set-role <name> <role>
  user disable <name> | user enable <name>
  user set-password <name>        prints a new generated password (or uses OPS_PASSWORD)
  user unlock <name>              lifts every client's lockout on that account after failed sign-ins
  token create <name> [--binding first-device|latest-device] [--expires-days N]
                                  a NOC display token, printed once with its display URL; it signs in the
                                  first screen that opens it (latest-device: each new screen replaces the last)
  token list
  token rotate <id>               a new secret for that screen: the old link and its screen stop at once
  token revoke <id>
  audit verify                    checks the audit log's hash chain; exit code 1 if broken
  check-estate                    where the configured Prometheus has each metric of the contract (found
                                  with the configured EXPORTER_SELECTOR_* labels, with other labels, or
                                  absent) and which sections can be judged; exit code 1 if any cannot`;

function printDisplayLink(what: string, secret: string): void {
  console.log(`${what}; shown once, keep it safe:\n${secret}`);
  console.log(`open on the display: ${new URL('/display', getEnv().CONSOLE_URL)}#token=${secret}`);
}

const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'));

async function run(store: Store, args: string[], actor: Actor): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string' }, 'display-name': { type: 'string' }, binding: { type: 'string' }, 'expires-days': { type: 'string' } } });
  const [group, command, name, extra] = positionals;
  const password = () => process.env.OPS_PASSWORD || generatePassword();
  switch (`${group} ${command}`) {
    case 'user add': {
      const role = roleSchema.safeParse(values.role);
      if (!name || !role.success) throw new ApiError('bad-request', 'user add needs a name and --role viewer|operator|approver|admin');
      const secret = password();
      const user = await addLocalUser(store, actor, { username: name, role: role.data, password: secret, displayName: values['display-name'] });
      console.log(`created ${user.username} (${user.role})`);
      if (!process.env.OPS_PASSWORD) console.log(`password: ${secret}`);
      return 0;
    }
    case 'user list':
      for (const u of await listUsers(store)) console.log([u.username.padEnd(20), u.role.padEnd(9), u.source.padEnd(6), u.disabled_at ? 'DISABLED' : 'active  ', `last sign-in ${when(u.last_sign_in_at)}`].join(' '));
      return 0;
    case 'user set-role': {
      const role = roleSchema.safeParse(extra);
      if (!name || !role.success) throw new ApiError('bad-request', 'user set-role needs a name and a role: viewer|operator|approver|admin');
      console.log(`${(await setUserRole(store, actor, name, role.data)).username} is now ${role.data}; their sessions were ended`);
      return 0;
    }
    case 'user disable':
    case 'user enable': {
      const user = await setUserDisabled(store, actor, name ?? '', command === 'disable');
      console.log(`${user.username} ${command}d${command === 'disable' ? '; their sessions were ended' : ''}`);
      return 0;
    }
    case 'user set-password': {
      const secret = password();
      await setUserPassword(store, actor, name ?? '', secret);
      console.log(process.env.OPS_PASSWORD ? 'password changed' : `password: ${secret}`);
      return 0;
    }
    case 'user unlock': {
      const { username, wasLocked } = await unlockUser(store, actor, name ?? '');
      console.log(wasLocked ? `${username} unlocked` : `${username} was not locked; its failure count is cleared`);
      return 0;
    }
    case 'token create': {
      const days = values['expires-days'] === undefined ? null : Number(values['expires-days']);
      const binding = values.binding as 'first-device' | 'latest-device' | undefined;
      const { token, secret } = await createDisplayToken(store, actor, positionals.slice(2).join(' '), { binding, expiresInMs: days === null ? null : days * 86_400_000 });
      printDisplayLink(`display token ${token.id} (${token.name}, ${token.binding}${token.expires_at ? `, expires ${when(token.expires_at)}` : ''})`, secret);
      return 0;
    }
    case 'token rotate': {
      const { token, secret } = await rotateDisplayToken(store, actor, name ?? '');
      printDisplayLink(`display token ${token.id} (${token.name}) rotated; its old link no longer works`, secret);
      return 0;
    }
    case 'token list':
      for (const t of await listDisplayTokens(store)) {
        const state = t.revoked_at ? `REVOKED ${when(t.revoked_at)}` : t.expires_at !== null && t.expires_at <= Date.now() ? `EXPIRED ${when(t.expires_at)}` : t.bound_at ? 'in use' : 'not yet used';
        console.log([t.id, t.name.padEnd(24), state, t.binding, `expires ${when(t.expires_at)}`, `last used ${when(t.last_used_at)} from ${t.last_used_address ?? '-'}`].join('  '));
      }
      return 0;
    case 'token revoke':
      console.log(`revoked ${(await revokeDisplayToken(store, actor, name ?? '')).name}`);
      return 0;
    case 'audit verify': {
      const { records, problems } = await verifyAuditLog(store.db);
      if (problems.length === 0) {
        const head = await store.db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirst();
        console.log(`audit log intact: ${records} records, hash chain verified`);
        // Kept somewhere else (a ticket, a log), this line later proves that nothing was cut off the end.
        if (head) console.log(`head: record ${head.seq} ${head.hash}`);
        return 0;
      }
      console.error(`audit log BROKEN: ${problems.length} problem(s) in ${records} records`);
      for (const p of problems) console.error(`  record ${p.seq}: ${p.problem}`);
      return 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

/** Reads Prometheus only: no store, nothing audited. */
async function checkEstateCommand(): Promise<number> {
  const { getCatalog } = await import('../lib/server/catalog');
  const { getPrometheus } = await import('../lib/server/prometheus-instance');
  const { checkEstate, formatEstateCheck } = await import('../lib/server/estate-check');
  const prometheus = getPrometheus();
  const check = await checkEstate(getCatalog().sections, getExporterSelectors(), (expr) => prometheus.query(expr));
  console.log(`Prometheus: ${getEnv().PROMETHEUS_URL}\n`);
  console.log(formatEstateCheck(check));
  return check.sections.every((s) => s.judgeable) ? 0 : 1;
}

async function main(): Promise<number> {
  const env = getEnv();
  if (process.argv[2] === 'check-estate') {
    return checkEstateCommand().catch((error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    });
  }
  const store = await openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.STORE_PATH });
  try {
    return await run(store, process.argv.slice(2), { actor: `cli:${os.userInfo().username}`, actorRole: 'admin', clientAddress: null });
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof ApiError ? 2 : 1;
  } finally {
    await store.close();
  }
}

main().then((code) => process.exit(code));
