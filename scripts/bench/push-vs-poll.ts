// Issue 16, push or poll: the same viewers of the overview, each with a session of its own, either polling
// GET /api/sections every 10 s with If-None-Match (what the pages do) or holding GET /api/sections/stream open.
// Printed side by side for each viewer count, never asserted (the machine is shared and noisy):
//   console CPU seconds (utime + stime of all its processes, /proc/<pid>/stat), its RSS at the end of the run,
//   requests per second, bytes sent (status lines, headers and bodies as received), and freshness: the delay from
//   a snapshot's refresh (its generatedAt) to a viewer having it, and the age of the data each viewer shows, sampled
//   every 500 ms (between polls a page shows what it last got).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Stack } from '../stack/stack';
import { readGroupRssMiB } from './overview-load';

const seconds = Number(process.env.BENCH_PUSH_SECONDS ?? 60);
const viewerCounts = (process.env.BENCH_PUSH_VIEWERS ?? '50,500').split(',').map(Number);
const POLL_MS = 10_000;
const CLOCK_TICKS = 100; // USER_HZ on Linux (getconf CLK_TCK)

type Figures = { cpuSeconds: number; rssMiB: number; requests: number; perSecond: number; bytes: number; errors: number; delays: number[]; snapshots: number; shownAges: number[] };

/** CPU seconds used so far by every process in the console's process group. */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid) continue;
      ticks += Number(rest[11]) + Number(rest[12]); // utime, stime
    } catch {
      /* ended while read */
    }
  }
  return ticks / CLOCK_TICKS;
}

const headerBytes = (response: Response) => 17 + [...response.headers].reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
const GENERATED_AT = /"generatedAt":(\d+)/;

async function seedSessions(root: string, storeEnv: Record<string, string>, count: number): Promise<string[]> {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const { stdout } = await promisify(execFile)(tsx, ['--conditions=react-server', 'scripts/bench/seed-sessions.ts'], { cwd: root, env: { ...process.env, ...storeEnv, BENCH_SESSIONS: String(count) }, maxBuffer: 16 << 20 });
  const { cookieName, tokens } = JSON.parse(stdout) as { cookieName: string; tokens: string[] };
  return tokens.map((t) => `${cookieName}=${t}`);
}

// 'poll-half': every POLL_MS / 2. The issue compares the two at equal freshness: a second polling interval shows what
// the interval costs and what it buys (a poll adds about half its interval to the data's age; the stream almost nothing).
type Mode = 'poll' | 'poll-half' | 'push';
const pollEveryMs = (mode: Mode) => (mode === 'poll-half' ? POLL_MS / 2 : POLL_MS);

async function run(mode: Mode, consoleUrl: string, pgid: number, cookies: string[]): Promise<Figures> {
  const figures: Figures = { cpuSeconds: 0, rssMiB: 0, requests: 0, perSecond: 0, bytes: 0, errors: 0, delays: [], snapshots: 0, shownAges: [] };
  const seen = new Set<number>();
  // What each viewer shows (its latest snapshot's generatedAt): sampled every 500 ms, the age of the data on its
  // screen, which counts the wait between polls too (a delivery delay alone does not).
  const shown = new Array<number>(cookies.length).fill(NaN);
  const received = (generatedAt: number, viewer: number) => {
    figures.delays.push(Date.now() - generatedAt);
    seen.add(generatedAt);
    shown[viewer] = Math.max(generatedAt, Number.isNaN(shown[viewer]!) ? 0 : shown[viewer]!);
  };
  const sampler = setInterval(() => {
    const now = Date.now();
    for (const at of shown) if (!Number.isNaN(at)) figures.shownAges.push(now - at);
  }, 500);
  const cpuBefore = groupCpuSeconds(pgid);
  const startedAt = Date.now();
  const end = startedAt + seconds * 1000;
  const stop = new AbortController();
  const stopTimer = setTimeout(() => stop.abort(), seconds * 1000);

  const poller = async (cookie: string, i: number) => {
    let etag: string | null = null;
    await new Promise((r) => setTimeout(r, (i * POLL_MS) / cookies.length)); // pages open over one interval, not in lockstep
    while (Date.now() < end) {
      try {
        const response: Response = await fetch(`${consoleUrl}/api/sections`, { headers: etag ? { cookie, 'if-none-match': etag } : { cookie }, signal: AbortSignal.timeout(15_000) });
        const body = await response.text();
        figures.requests += 1;
        figures.bytes += headerBytes(response) + Buffer.byteLength(body);
        if (response.status === 200) {
          etag = response.headers.get('etag');
          const at = GENERATED_AT.exec(body.slice(0, 64));
          if (at) received(Number(at[1]), i);
        } else if (response.status !== 304) figures.errors += 1;
      } catch {
        figures.errors += 1;
      }
      await new Promise((r) => setTimeout(r, pollEveryMs(mode)));
    }
  };

  const listener = async (cookie: string, i: number) => {
    await new Promise((r) => setTimeout(r, (i * POLL_MS) / cookies.length)); // the same arrival of pages
    try {
      const response = await fetch(`${consoleUrl}/api/sections/stream`, { headers: { cookie }, signal: stop.signal });
      figures.requests += 1;
      figures.bytes += headerBytes(response);
      if (!response.ok || !response.body) {
        figures.errors += 1;
        return;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = response.body.getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        figures.bytes += chunk.byteLength;
        buffer += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const generatedAt = GENERATED_AT.exec(buffer.slice(0, Math.min(at, 200)));
          if (generatedAt) received(Number(generatedAt[1]), i);
          buffer = buffer.slice(at + 2);
        }
      }
    } catch {
      if (!stop.signal.aborted) figures.errors += 1;
    }
  };

  const viewers = Promise.all(cookies.map((cookie, i) => (mode === 'push' ? listener(cookie, i) : poller(cookie, i))));
  await new Promise((r) => setTimeout(r, seconds * 1000 - 500));
  figures.rssMiB = readGroupRssMiB(pgid); // with every viewer still connected
  await viewers;
  clearTimeout(stopTimer);
  clearInterval(sampler);
  const elapsed = (Date.now() - startedAt) / 1000;
  figures.cpuSeconds = groupCpuSeconds(pgid) - cpuBefore;
  figures.perSecond = figures.requests / elapsed;
  figures.snapshots = seen.size;
  return figures;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
};
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

export async function measurePushVsPoll(root: string, stack: Stack, storeEnv: Record<string, string>): Promise<void> {
  const pgid = stack.console!.pid;
  const cookies = await seedSessions(root, storeEnv, Math.max(...viewerCounts));
  console.log(`push or poll (issue 16): the overview to N viewers, each its own session, ${seconds} s per run; polling every ${POLL_MS / 1000} s and every ${POLL_MS / 2000} s with If-None-Match, or one server-sent-events stream each`);
  console.log(`  load average at start: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
  for (const viewers of viewerCounts) {
    const rows: [Mode, Figures][] = [];
    for (const mode of ['poll', 'poll-half', 'push'] as const) {
      await new Promise((r) => setTimeout(r, 3_000)); // let the previous run's connections close
      rows.push([mode, await run(mode, stack.console!.url, pgid, cookies.slice(0, viewers))]);
    }
    console.log(`  ${viewers} viewers               | console CPU s | RSS MiB | requests/s | MB sent | errors | snapshots seen | delivery delay mean / p50 / p95 (ms) | age of the data shown mean / p95 (ms)`);
    for (const [mode, f] of rows) {
      console.log(
        `  ${viewers} viewers, ${mode === 'push' ? 'SSE       ' : `polling ${pollEveryMs(mode) / 1000} s`.padEnd(10)} | ${f.cpuSeconds.toFixed(2).padStart(13)} | ${f.rssMiB.toFixed(0).padStart(7)} | ${f.perSecond.toFixed(1).padStart(10)} | ${(f.bytes / 1e6).toFixed(2).padStart(7)} | ${String(f.errors).padStart(6)} | ${String(f.snapshots).padStart(14)} | ${mean(f.delays).toFixed(0)} / ${pct(f.delays, 50).toFixed(0)} / ${pct(f.delays, 95).toFixed(0)} | ${mean(f.shownAges).toFixed(0)} / ${pct(f.shownAges, 95).toFixed(0)}`,
      );
    }
    console.log(`  load average after ${viewers} viewers: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
  }
}
