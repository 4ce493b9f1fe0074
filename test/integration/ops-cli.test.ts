// `npm run ops`, run as a user would (a child process on a real SQLite store), including
// `audit verify` against records edited, inserted and deleted behind the console's back.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

async function ops(storePath: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/ops.ts', ...args], { cwd: root, env: { ...process.env, STORE_PATH: storePath } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const freshStorePath = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-ops-cli-')), 'store.sqlite');

/** A store with a few audited changes, made through the CLI. */
async function makeStoreWithHistory(): Promise<string> {
  const storePath = freshStorePath();
  expect((await ops(storePath, 'user', 'add', 'alice', '--role', 'operator')).out).toMatch(/created alice \(operator\)\npassword: \S{20}/);
  expect((await ops(storePath, 'user', 'set-role', 'alice', 'approver')).code).toBe(0);
  expect((await ops(storePath, 'user', 'add', 'bob', '--role', 'viewer')).code).toBe(0);
  expect((await ops(storePath, 'user', 'disable', 'bob')).code).toBe(0);
  return storePath;
}

let history: string;
beforeAll(async () => {
  history = await makeStoreWithHistory();
});

/** A copy of that store, so each test tampers with its own (the CLI closed it, so it is one file). */
function storeWithHistory(): string {
  const copy = freshStorePath();
  fs.copyFileSync(history, copy);
  return copy;
}

/** Someone with the database file: drops the append-only triggers, then changes the log. */
function tamper(storePath: string, statement: string): void {
  const db = new Sqlite(storePath);
  for (const trigger of ['audit_log_no_update', 'audit_log_no_delete', 'audit_head_forward', 'audit_head_no_delete']) db.exec(`drop trigger ${trigger}`);
  db.exec(statement);
  db.close();
}

describe('npm run ops', () => {
  it('manages users and display tokens, refusing bad input with a message and exit code 2', async () => {
    const storePath = storeWithHistory();
    const list = await ops(storePath, 'user', 'list');
    expect(list.out).toMatch(/alice\s+approver\s+local\s+active/);
    expect(list.out).toMatch(/bob\s+viewer\s+local\s+DISABLED/);
    expect(await ops(storePath, 'user', 'add', 'carol', '--role', 'root')).toMatchObject({ code: 2, out: expect.stringContaining('--role viewer|operator|approver|admin') });
    expect(await ops(storePath, 'user', 'add', 'alice', '--role', 'viewer')).toMatchObject({ code: 2, out: expect.stringContaining('already exists') });
    expect(await ops(storePath, 'user', 'set-role', 'nobody', 'admin')).toMatchObject({ code: 2, out: expect.stringContaining('no user named nobody') });
    expect((await ops(storePath, 'user', 'unlock', 'alice')).out).toContain('alice was not locked');
    const token = await ops(storePath, 'token', 'create', 'NOC', 'wall');
    expect(token.out).toMatch(/display#token=vhd_/);
    const id = /display token ([0-9a-f-]{36})/.exec(token.out)![1]!;
    expect(token.out).toContain('(NOC wall, first-device)');
    const rotated = await ops(storePath, 'token', 'rotate', id);
    expect(rotated.out).toMatch(/rotated; its old link no longer works/);
    expect(/#token=(vhd_\S+)/.exec(rotated.out)![1]).not.toBe(/#token=(vhd_\S+)/.exec(token.out)![1]);
    const expiring = await ops(storePath, 'token', 'create', 'Lobby', '--binding', 'latest-device', '--expires-days', '7');
    expect(expiring.out).toMatch(/\(Lobby, latest-device, expires \d{4}-/);
    expect(await ops(storePath, 'token', 'create', 'Bad', '--expires-days', '0')).toMatchObject({ code: 2, out: expect.stringContaining('expiresInMs') });
    expect((await ops(storePath, 'token', 'revoke', id)).out).toContain('revoked NOC wall');
    expect((await ops(storePath, 'token', 'list')).out).toMatch(/NOC wall\s+REVOKED/);
  });

  it('audit verify passes an untouched log', async () => {
    const storePath = storeWithHistory();
    expect(await ops(storePath, 'audit', 'verify')).toMatchObject({ code: 0, out: expect.stringContaining('audit log intact: 4 records') });
  });

  it.each([
    ['an edited record', "update audit_log set outcome = 'failure' where seq = 2", /record 2: its content does not match its hash \(edited\)/],
    ['a deleted record', 'delete from audit_log where seq = 2', /record 3: records 2–2 are missing \(deleted\)/],
    [
      'an inserted record',
      // A forged record slotted in after the last one, with its own hash right, but the head not moved. Its hash is
      // record 4's rotated by one character: never equal to it (a replaced first character would be, 1 time in 16).
      "insert into audit_log (seq, at, actor, actor_role, action, target, outcome, client_address, detail, prev_hash, hash) select 5, at, 'mallory', 'admin', 'user.create', 'mallory', 'success', null, '{}', hash, substr(hash, 2) || substr(hash, 1, 1) from audit_log where seq = 4",
      /record 5/,
    ],
    ['the last record deleted', 'delete from audit_log where seq = 4', /the log ends at record 3 but its head says 4/],
  ])('audit verify detects %s and exits 1', async (_name, statement, expected) => {
    const storePath = storeWithHistory();
    tamper(storePath, statement);
    const result = await ops(storePath, 'audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.out).toContain('audit log BROKEN');
    expect(result.out).toMatch(expected);
  });
});
