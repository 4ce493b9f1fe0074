// Integration files run side by side (vitest.config.mts): each gets its own throwaway SQLite store before anything
// reads the environment, so no two files ever write the default data/voicehive-ops.sqlite at once. A file that
// needs another store (useThrowawayStore, DATABASE_URL) still sets its own over this one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-file-store-'));
process.env.STORE_PATH = path.join(dir, 'store.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
