// The hash-chained audit log: the same tests against SQLite and PostgreSQL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { hashAuditRecord } from '@/lib/audit/chain';
import { recordAudit, toChainedRecord, verifyAuditLog } from '@/lib/audit/log';
import { createDisplayToken, exchangeDisplayToken } from '@/lib/auth/display-tokens';
import { signInWithPassword } from '@/lib/auth/local-sign-in';
import { addLocalUser, setUserRole } from '@/lib/auth/users';
import type { Store, StoreConfig } from '@/lib/server/store/open-store';
import { admin, auditSince, breakAuditLog, closeStores, dropAuditGuards, count, engines, freshConfig, freshStore, lastSeq, meta, open, PASSWORD, root, sessionPolicy, tempPath, throttlePolicy, type Engine } from './store-engines';

afterAll(closeStores);

function append(store: Store, i: number, actor = 'test-writer') {
  return recordAudit(store, { actor, action: 'test.append', target: `item-${i}`, outcome: 'success', detail: { i } });
}

/** A fresh store holding a chain of `n` records, each written on its own. */
async function storeWithChain(engine: Engine, n: number): Promise<Store> {
  const store = await freshStore(engine, 'chain');
  for (let i = 1; i <= n; i += 1) await append(store, i);
  expect(await verifyAuditLog(store.db)).toEqual({ records: n, problems: [] });
  return store;
}

/**
 * Another process (as the CLI is, beside the server) that opens the same store and, once told to go,
 * appends `n` records at once. Resolves to a function that says go and waits for it to finish.
 */
async function startWriterProcess(config: StoreConfig, n: number): Promise<() => Promise<void>> {
  const script = tempPath(`writer-${process.pid}.mts`);
  fs.writeFileSync(script, [
    `import { openStore } from ${JSON.stringify(path.join(root, 'lib/server/store/open-store.ts'))};`,
    `import { recordAudit } from ${JSON.stringify(path.join(root, 'lib/audit/log.ts'))};`,
    `const store = await openStore(JSON.parse(process.argv[2]));`,
    `console.log('ready');`,
    `await new Promise((resolve) => process.stdin.once('data', resolve));`,
    `for (let i = 0; i < Number(process.argv[3]); i += 1) {`,
    `  await recordAudit(store, { actor: 'cli:writer', action: 'test.append', outcome: 'success', detail: { i } });`,
    `  await new Promise((resolve) => setTimeout(resolve, 1));`,
    `}`,
    `await store.close();`,
    `process.exit(0);`,
  ].join('\n'));
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), script, JSON.stringify(config), String(n)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void exited.then(([code]) => reject(new Error(`the writer process exited (${code}) before it was ready`)));
  });
  return async () => {
    child.stdin.write('go\n');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  };
}

describe.each(engines)('audit log on %s', (engine: Engine) => {
  it('50 concurrent recordAudit calls form one unbroken chain', async () => {
    const store = await freshStore(engine, 'concurrent');
    const written = await Promise.all(Array.from({ length: 50 }, (_, i) => append(store, i)));
    expect(written.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await verifyAuditLog(store.db)).toEqual({ records: 50, problems: [] });
    const rows = await auditSince(store, 0);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const head = await store.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(head).toEqual({ id: 1, seq: 50, hash: rows.at(-1)!.hash });
  });

  it('verifyAuditLog reads one snapshot: records appended while it runs are not reported as tampering', async () => {
    const store = await freshStore(engine, 'verify-while-writing');
    const verifications: ReturnType<typeof verifyAuditLog>[] = [];
    const appends = Array.from({ length: 40 }, (_, i) => {
      if (i % 4 === 0) verifications.push(verifyAuditLog(store.db));
      return append(store, i);
    });
    await Promise.all(appends);
    for (const result of await Promise.all(verifications)) expect(result.problems).toEqual([]);
    expect(await verifyAuditLog(store.db)).toEqual({ records: 40, problems: [] });
  });

  it('another process appending at the same time (the CLI beside the server) keeps one valid chain', async () => {
    const config = await freshConfig(engine, 'two-writers');
    const store = await open(config);
    const go = await startWriterProcess(config, 40);
    const cli = go();
    const verifications: ReturnType<typeof verifyAuditLog>[] = [];
    for (let i = 0; i < 40; i += 1) {
      await append(store, i, 'server');
      if (i % 10 === 5) verifications.push(verifyAuditLog(store.db)); // `ops audit verify` while both write
      await sleep(1); // a request at a time, as a server's: the lock changes hands between the two writers
    }
    await cli;
    for (const result of await Promise.all(verifications)) expect(result.problems).toEqual([]);
    expect(await verifyAuditLog(store.db)).toEqual({ records: 80, problems: [] });
    const actors = (await auditSince(store, 0)).map((r) => r.actor);
    expect(actors.filter((a) => a === 'cli:writer')).toHaveLength(40);
    const turns = actors.filter((actor, i) => i > 0 && actor !== actors[i - 1]).length;
    // They overlapped (at least one writer resumed after the other had written). How often they alternate
    // depends on scheduling on a shared machine, so only the overlap is asserted, not a count.
    expect(turns, 'the two writers overlapped, not one after the other').toBeGreaterThan(1);
  });

  it('the database refuses to change or delete audit records, or move the head back', async () => {
    const store = await storeWithChain(engine, 3);
    await expect(store.db.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom('audit_log').where('seq', '=', 3).execute()).rejects.toThrow(/append-only/);
    await expect(store.db.updateTable('audit_head').set({ seq: 2 }).execute()).rejects.toThrow(/only moves forward|append-only/);
    await expect(store.db.deleteFrom('audit_head').execute()).rejects.toThrow(/only moves forward|append-only/);
    expect(await verifyAuditLog(store.db)).toEqual({ records: 3, problems: [] });
  });

  // Past the guards (dropped, as the database's owner could): the hash chain shows what was done.
  describe('tampering is detected', () => {
    it('an edited record', async () => {
      const store = await storeWithChain(engine, 5);
      await dropAuditGuards(store);
      await store.db.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', 3).execute();
      expect(await verifyAuditLog(store.db)).toEqual({ records: 5, problems: [{ seq: 3, problem: 'its content does not match its hash (edited)' }] });
    });

    it('an edited record whose hash was recomputed (the next record no longer follows it)', async () => {
      const store = await storeWithChain(engine, 5);
      await dropAuditGuards(store);
      const row = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
      const forged = { ...toChainedRecord(row), outcome: 'failure' as const };
      await store.db.updateTable('audit_log').set({ outcome: 'failure', hash: hashAuditRecord(forged, forged.prevHash) }).where('seq', '=', 3).execute();
      expect((await verifyAuditLog(store.db)).problems).toEqual([{ seq: 4, problem: 'does not follow the record before it (a record was inserted or deleted here)' }]);
    });

    it('a record deleted from the middle', async () => {
      const store = await storeWithChain(engine, 5);
      await dropAuditGuards(store);
      await store.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
      expect(await verifyAuditLog(store.db)).toEqual({
        records: 4,
        problems: [
          { seq: 4, problem: 'records 3–3 are missing (deleted)' },
          { seq: 4, problem: 'does not follow the record before it (a record was inserted or deleted here)' },
        ],
      });
    });

    it('a record deleted from the end (the head no longer matches)', async () => {
      const store = await storeWithChain(engine, 5);
      await dropAuditGuards(store);
      await store.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
      expect(await verifyAuditLog(store.db)).toEqual({ records: 4, problems: [{ seq: 5, problem: 'the log ends at record 4 but its head says 5 (records removed from the end, or the head edited)' }] });
    });

    it('a well-forged record inserted at the end without moving the head', async () => {
      const store = await storeWithChain(engine, 5);
      await dropAuditGuards(store);
      const last = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
      const record = { seq: 6, at: last.at + 1, actor: 'intruder', actorRole: 'admin', action: 'user.create', target: 'backdoor', outcome: 'success' as const, clientAddress: null, detail: '{}', hashVersion: 2 as const, section: null, incident: null };
      const hash = hashAuditRecord(record, last.hash);
      await store.db.insertInto('audit_log').values({ seq: 6, at: record.at, actor: record.actor, actor_role: record.actorRole, action: record.action, target: record.target, outcome: record.outcome, client_address: null, detail: record.detail, hash_version: 2, prev_hash: last.hash, hash }).execute();
      expect(await verifyAuditLog(store.db)).toEqual({ records: 6, problems: [{ seq: 5, problem: 'the log ends at record 6 but its head says 5 (records removed from the end, or the head edited)' }] });
    });
  });

  describe('if an audit write fails, the operation it records fails too', () => {
    it('no user is created, changed or signed in, and no display token is created or exchanged', async () => {
      const store = await freshStore(engine, 'audit-down');
      const user = await addLocalUser(store, admin, { username: 'existing', role: 'operator', password: PASSWORD });
      const { secret } = await createDisplayToken(store, admin, 'wall');
      const before = { seq: await lastSeq(store), users: await count(store, 'users'), tokens: await count(store, 'display_tokens'), sessions: await count(store, 'sessions') };
      await breakAuditLog(store);

      await expect(addLocalUser(store, admin, { username: 'newcomer', role: 'viewer', password: PASSWORD })).rejects.toThrow(/audit down/);
      await expect(setUserRole(store, admin, 'existing', 'admin')).rejects.toThrow(/audit down/);
      await expect(signInWithPassword(store, { username: 'existing', password: PASSWORD }, meta(), { session: sessionPolicy, throttle: throttlePolicy })).rejects.toThrow(/audit down/);
      await expect(createDisplayToken(store, admin, 'second wall')).rejects.toThrow(/audit down/);
      await expect(exchangeDisplayToken(store, secret, meta())).rejects.toThrow(/audit down/);

      const after = { seq: await lastSeq(store), users: await count(store, 'users'), tokens: await count(store, 'display_tokens'), sessions: await count(store, 'sessions') };
      expect(after).toEqual(before);
      const row = await store.db.selectFrom('users').select(['role', 'last_sign_in_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ role: 'operator', last_sign_in_at: null });
      expect(await verifyAuditLog(store.db)).toEqual({ records: before.seq, problems: [] });
    });
  });
});
