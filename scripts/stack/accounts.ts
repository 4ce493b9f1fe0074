// Seeds the demo/test accounts into the store the console uses, through the same code as the CLI.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Role } from '../../lib/catalog/schema';

export type SeededAccounts = { users: { username: string; role: Role; password: string }[]; display: { id: string; name: string; secret: string } };

export async function seedAccounts(root: string, storeEnv: Record<string, string>): Promise<SeededAccounts> {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const { stdout } = await promisify(execFile)(tsx, ['--conditions=react-server', 'scripts/seed-accounts.ts'], { cwd: root, env: { ...process.env, ...storeEnv } });
  return JSON.parse(stdout) as SeededAccounts;
}
