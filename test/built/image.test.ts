// The container image, built and run here: scripts/image/build.sh assembles the root filesystem (Node's
// runtime and the libraries `ldd` names, the standalone output, a non-root user) and Debian's buildah builds
// the Containerfile FROM scratch (vfs storage, chroot isolation). The console is then started from the image
// with `buildah run --isolation chroot` (`podman run` fails on setrlimit on this kind of machine), its SQLite
// store in a mounted directory, and signed in to with a seeded account; SIGTERM stops it with exit 0.
// buildah comes from Debian (scripts/ensure-system-deps.sh). Everything is removed afterwards.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { seedAccounts } from '@/scripts/stack/accounts';
import { findFreePort, isHttpOk, startProcess, stopProcess, waitUntil } from '@/scripts/stack/processes';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-image-'));
// buildah's storage of its own: nothing shared with other builds on the machine, all removed afterwards.
const storage = path.join(work, 'storage');
const buildah = (...args: string[]) => run('buildah', ['--root', path.join(storage, 'root'), '--runroot', path.join(storage, 'runroot'), '--storage-driver', 'vfs', ...args], { maxBuffer: 16 * 1024 * 1024 });
const image = `localhost/voicehive-ops:test-${process.pid}`;
let container: string | undefined;
let stopConsole: (() => Promise<void>) | undefined;

/** The pid of the console's node process (started by buildah run) listening on `port`. */
function findConsolePid(port: number): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0] === '/usr/bin/node' && argv[1] === 'server.mjs' && argv.includes(String(port))) return Number(entry);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

afterAll(async () => {
  await stopConsole?.();
  if (container) await buildah('rm', container).catch(() => undefined);
  await buildah('rmi', '--force', image).catch(() => undefined);
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(path.join(root, '.run/image/context'), { recursive: true, force: true });
});

describe('the container image', () => {
  it('builds FROM scratch, runs the console as a non-root user, answers readiness, signs a seeded account in and stops on SIGTERM', async () => {
    const built = await run('bash', ['scripts/image/build.sh', image], { cwd: root, env: { ...process.env, BUILDAH_STORAGE: storage }, maxBuffer: 16 * 1024 * 1024 });
    console.log(built.stdout.trim());
    expect(built.stdout).toMatch(/image .* built in \d+ s, size \S+/);
    const config = JSON.parse((await buildah('inspect', '--type', 'image', image)).stdout) as { OCIv1: { config: { User: string; Entrypoint: string[] } } };
    expect(config.OCIv1.config.User).toBe('10001:10001');
    expect(config.OCIv1.config.Entrypoint).toEqual(['/usr/bin/node', 'server.mjs']);

    // The store: seeded from here (the same code as the CLI), then handed to the image's user.
    const data = path.join(work, 'data');
    fs.mkdirSync(data);
    const accounts = await seedAccounts(root, { STORE_PATH: path.join(data, 'voicehive-ops.sqlite') });
    await run('chown', ['-R', '10001:10001', data]);

    container = (await buildah('from', '--name', `voicehive-test-${process.pid}`, image)).stdout.trim();
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = path.join(work, 'console.log');
    const child = startProcess(
      'console in the image',
      'buildah',
      ['--root', path.join(storage, 'root'), '--runroot', path.join(storage, 'runroot'), '--storage-driver', 'vfs', 'run', '--isolation', 'chroot', '--volume', `${data}:/data`, '--env', `CONSOLE_URL=${url}`, '--env', `PROMETHEUS_URL=http://127.0.0.1:${await findFreePort()}`, container, '--', '/usr/bin/node', 'server.mjs', '--hostname', '127.0.0.1', '--port', String(port)],
      { logFile },
    );
    stopConsole = () => stopProcess(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const failed = exited.then((code) => {
      throw new Error(`buildah run exited (${code}) before the console was ready:\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`);
    });
    await Promise.race([waitUntil(() => isHttpOk(`${url}/api/health/ready`), 'the console in the image to be ready', 180_000), failed]);
    failed.catch(() => undefined);

    const pid = findConsolePid(port);
    expect(pid, 'the console process started by buildah run').toBeDefined();
    expect(uidOf(pid!)).toBe(10001);

    const viewer = accounts.users.find((u) => u.role === 'viewer')!;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json' }, body: JSON.stringify({ username: viewer.username, password: viewer.password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = await fetch(`${url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { name: string; role: string };
    expect(body.role).toBe('viewer');
    expect(body.name).toContain(viewer.username);
    expect((await fetch(`${url}/api/auth/me`)).status).toBe(401);

    // SIGTERM to the console (what the kubelet sends to PID 1): it drains, closes the store, exits 0.
    process.kill(pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toContain('[store] closed');
    expect(log).toContain('stopped (exit 0)');
    expect(fs.existsSync(path.join(data, 'voicehive-ops.sqlite-wal'))).toBe(false);
  });
});
