import fs from 'node:fs';
import path from 'node:path';

// Issue 16: where the console's time goes under load. A V8 CPU profile (node --cpu-prof) samples the stack
// about every millisecond; consecutive samples that are not "(idle)" form one busy stretch. A stretch is either
// one long task or many short ones back to back (a burst of requests): the event loop delay the bench reads
// beside it tells which. Printed: the longest stretches, each with the functions it spent its time in (self
// time, and the deepest frame from the console's own code).

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; parent?: number; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const IDLE = '(idle)';

function nameOf(frame: CallFrame): string {
  const file = frame.url ? path.basename(frame.url.replace(/^file:\/\//, '')) : '';
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

/** The console's own code as built by Next (its server chunks), rather than Next, React or Node. */
const isOwnCode = (frame: CallFrame) => frame.url.includes('/.next/server/') && !frame.url.includes('node_modules');

type Stretch = { startMs: number; ms: number; self: Map<string, number>; own: Map<string, number> };

export function findBusyStretches(profile: CpuProfile): { stretches: Stretch[]; busyMs: number; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) byId.get(child)!.parent = node.id;
  const ownFrameOf = new Map<number, string>();
  const ownFrame = (id: number): string => {
    const known = ownFrameOf.get(id);
    if (known !== undefined) return known;
    let name = '(not in the console’s code)';
    for (let at: ProfileNode | undefined = byId.get(id); at; at = at.parent === undefined ? undefined : byId.get(at.parent)) {
      if (isOwnCode(at.callFrame)) {
        name = nameOf(at.callFrame);
        break;
      }
    }
    ownFrameOf.set(id, name);
    return name;
  };
  const stretches: Stretch[] = [];
  let current: Stretch | null = null;
  let clockMs = 0;
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    clockMs += ms;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === IDLE) {
      if (current) stretches.push(current);
      current = null;
      return;
    }
    busyMs += ms;
    current ??= { startMs: clockMs, ms: 0, self: new Map(), own: new Map() };
    current.ms += ms;
    const self = nameOf(node.callFrame);
    current.self.set(self, (current.self.get(self) ?? 0) + ms);
    const own = ownFrame(id);
    current.own.set(own, (current.own.get(own) ?? 0) + ms);
  });
  if (current) stretches.push(current);
  return { stretches: stretches.sort((a, b) => b.ms - a.ms), busyMs, totalMs: clockMs };
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
    .join('; ');

/** Prints the profile's figures; `limit` longest stretches in detail. */
export function describeCpuProfile(file: string, limit = 8): string[] {
  const { stretches, busyMs, totalMs } = findBusyStretches(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  const over = (ms: number) => stretches.filter((s) => s.ms >= ms);
  const lines = [
    `  CPU profile ${path.basename(file)}: ${(totalMs / 1000).toFixed(0)} s, busy ${((busyMs / totalMs) * 100).toFixed(0)} %; busy stretches (no idle sample between their tasks): ${over(50).length} of 50 ms or more (${over(50)
      .reduce((n, s) => n + s.ms, 0)
      .toFixed(0)} ms in all), ${over(200).length} of 200 ms or more, the longest ${stretches[0]?.ms.toFixed(0) ?? 0} ms`,
  ];
  for (const s of stretches.slice(0, limit)) lines.push(`    ${s.ms.toFixed(0)} ms at ${(s.startMs / 1000).toFixed(1)} s — the console's code: ${top(s.own, 3)} — self: ${top(s.self, 4)}`);
  return lines;
}

// `tsx scripts/bench/cpu-profile.ts <file.cpuprofile>…`: the same figures for profiles taken by hand.
if (process.argv[1]?.endsWith('cpu-profile.ts')) for (const file of process.argv.slice(2)) console.log(describeCpuProfile(file).join('\n'));
