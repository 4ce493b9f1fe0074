// A real, throwaway PostgreSQL (Debian's package) on loopback for tests: fresh data directory, stopped and removed after.
import { execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { failOnExit, findFreePort, startProcess, stopProcess, waitUntil, type Service } from './processes';

export type PostgresOptions = {
  logDir: string;
  /** Defaults to a free port. */
  port?: number;
};

const user = 'voicehive';
const database = 'voicehive';

/** The highest installed version's bin directory (/usr/lib/postgresql/<version>/bin), or POSTGRES_BIN_DIR. */
export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((version) => /^\d+(\.\d+)?$/.test(version) && fs.existsSync(path.join(root, version, 'bin', 'postgres')) && fs.existsSync(path.join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}/*/bin: run scripts/ensure-system-deps.sh (Debian package "postgresql")`);
  return path.join(root, versions[0]!, 'bin');
}

/**
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres` system user through setpriv,
 * which execs (unlike runuser, which stays as the parent, and on SIGTERM waits 2 s and then SIGKILLs its child).
 */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, 'postgres'], { encoding: 'utf8' })).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new Error('running as root, but there is no "postgres" system user to run PostgreSQL as: run scripts/ensure-system-deps.sh (Debian package "postgresql")');
  }
}

function command(owner: { uid: number; gid: number } | undefined, binary: string, args: string[]): [string, string[]] {
  return owner ? ['setpriv', [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--init-groups', '--', binary, ...args]] : [binary, args];
}

/** Every directory above `dir` must let the postgres user through (a TMPDIR under /root would not). */
function assertReachable(dir: string, owner: { uid: number }): void {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const stat = fs.statSync(current);
    if (!(stat.mode & 0o001) && stat.uid !== owner.uid) throw new Error(`the postgres user cannot reach ${dir} (${current} is not searchable by others): set TMPDIR to a directory such as /tmp`);
    if (current === path.dirname(current)) return;
  }
}

async function connected<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // an error after connect (server shutting down) surfaces through the query instead
  try {
    await client.connect();
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Starts PostgreSQL on 127.0.0.1 with a fresh data directory and durability off (fsync, full-page writes, synchronous
 * commit), creates the role and database `url` names (the role is the cluster's superuser, with a random password).
 */
export async function startPostgres(options: PostgresOptions): Promise<Service & { url: string; dataDir: string }> {
  const bin = postgresBinDir();
  const owner = await runAs();
  const port = options.port ?? (await findFreePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-postgres-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(options.logDir, `postgres-${port}.log`);
  const password = randomBytes(16).toString('hex');
  const pwFile = path.join(dir, 'password');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child) {
      // Fast shutdown (what `pg_ctl stop -m fast` sends): SIGTERM is a smart shutdown, which waits for every client to
      // disconnect, and a signal to the group reaches only the postmaster (its children call setsid()).
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid!, 'SIGINT');
        } catch {
          /* already gone */
        }
      }
      await waitForExit(child, 10_000);
      await stopProcess(child); // nothing to do unless the fast shutdown hung
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (owner) {
      assertReachable(dir, owner);
      fs.chownSync(dir, owner.uid, owner.gid);
      fs.chownSync(pwFile, owner.uid, owner.gid);
    }
    const initdbArgs = ['-D', dataDir, '-U', user, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'];
    const initdb = startProcess('initdb', ...command(owner, path.join(bin, 'initdb'), initdbArgs), { logFile });
    const initdbExit = await new Promise<number | null>((resolve) => {
      initdb.once('exit', (code) => resolve(code));
      initdb.once('error', () => resolve(null));
    });
    if (initdbExit !== 0) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`initdb failed (exit ${initdbExit}); last lines of ${logFile}:\n${tail}`);
    }
    fs.rmSync(pwFile);

    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: dir,
      // Names the processes `postgres: voicehive-postgres-XXXXXX: checkpointer` etc., so they can be told apart.
      cluster_name: path.basename(dir),
      fsync: 'off',
      full_page_writes: 'off',
      synchronous_commit: 'off',
    };
    const postgresArgs = ['-D', dataDir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    child = startProcess('postgres', ...command(owner, path.join(bin, 'postgres'), postgresArgs), { logFile });

    const base = `postgres://${user}:${password}@127.0.0.1:${port}`;
    const url = `${base}/${database}`;
    await Promise.race([
      waitUntil(() => connected(`${base}/postgres`, async () => true), `PostgreSQL to accept connections on 127.0.0.1:${port} (log: ${logFile})`, 60_000, 50),
      failOnExit(child, 'postgres', logFile),
    ]);
    await connected(`${base}/postgres`, (client) => client.query(`create database ${database}`));
    return { name: 'postgres', url, pid: child.pid!, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Creates an empty database on the server `adminUrl` points at (its role needs CREATEDB) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) throw new Error(`database name ${JSON.stringify(name)}: use 1 to 63 letters, digits, _ or -`);
  await connected(adminUrl, (client) => client.query(`create database ${client.escapeIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
