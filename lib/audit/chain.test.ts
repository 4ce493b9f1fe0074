import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkChainHead, checkChainSegment, GENESIS_HASH, hashAuditRecord, type AuditRecord, type ChainedAuditRecord } from './chain';

function buildChain(count: number, versionOf: (seq: number) => 1 | 2 = () => 2): ChainedAuditRecord[] {
  const chain: ChainedAuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const record: AuditRecord = { seq, at: 1_700_000_000_000 + seq, actor: 'alice', actorRole: 'admin', action: 'user.create', target: `user-${seq}`, outcome: 'success', clientAddress: '127.0.0.1', detail: JSON.stringify({ n: seq }), hashVersion: versionOf(seq), section: versionOf(seq) === 2 ? 'redis' : null, incident: null };
    const hash = hashAuditRecord(record, prevHash);
    chain.push({ ...record, prevHash, hash });
    prevHash = hash;
  }
  return chain;
}

const start = { seq: 0, hash: GENESIS_HASH };

describe('audit hash chain', () => {
  it('accepts an untouched chain', () => {
    const chain = buildChain(5);
    const { problems, last } = checkChainSegment(chain, start);
    expect(problems).toEqual([]);
    expect(checkChainHead(last, { seq: 5, hash: chain[4]!.hash })).toEqual([]);
  });

  it('detects an edited record', () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2]!, outcome: 'failure' };
    expect(checkChainSegment(chain, start).problems).toEqual([{ seq: 3, problem: expect.stringMatching(/edited/) }]);
  });

  it('detects a deleted record', () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    const problems = checkChainSegment(chain, start).problems.map((p) => p.problem);
    expect(problems.join('\n')).toMatch(/missing \(deleted\)/);
  });

  it('detects an inserted record even when its own hash is right', () => {
    const chain = buildChain(3);
    const forged: AuditRecord = { ...chain[1]!, action: 'user.delete' };
    chain.splice(2, 0, { ...forged, prevHash: chain[1]!.hash, hash: hashAuditRecord(forged, chain[1]!.hash) });
    expect(checkChainSegment(chain, start).problems.length).toBeGreaterThan(0);
  });

  it('detects records cut off the end through the head', () => {
    const chain = buildChain(5);
    const { last } = checkChainSegment(chain.slice(0, 3), start);
    expect(checkChainHead(last, { seq: 5, hash: chain[4]!.hash })[0]?.problem).toMatch(/removed from the end/);
  });

  it('checks a long chain page by page as one', () => {
    const chain = buildChain(10);
    const first = checkChainSegment(chain.slice(0, 4), start);
    const second = checkChainSegment(chain.slice(4), first.last);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });

  it('still verifies records written before the hash covered section and incident (version 1), followed by version 2', () => {
    const chain = buildChain(4, (seq) => (seq <= 2 ? 1 : 2));
    expect(checkChainSegment(chain, start).problems).toEqual([]);
    // Version 1 is the hash as it was computed before the change, byte for byte.
    const first = chain[0]!;
    const old = createHash('sha256').update(JSON.stringify([first.seq, first.at, first.actor, first.actorRole, first.action, first.target, first.outcome, first.clientAddress, first.detail, GENESIS_HASH])).digest('hex');
    expect(first.hash).toBe(old);
  });

  it('detects an edited section or incident on a version 2 record, and a version 2 record relabelled as version 1', () => {
    for (const edit of [{ section: 'database' }, { incident: 'INC-2026-9' }, { hashVersion: 1 as const }]) {
      const chain = buildChain(3);
      chain[1] = { ...chain[1]!, ...edit };
      expect(checkChainSegment(chain, start).problems).toEqual([{ seq: 2, problem: expect.stringMatching(/edited/) }]);
    }
  });
});
