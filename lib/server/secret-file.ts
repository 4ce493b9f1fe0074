import 'server-only';
import fs from 'node:fs';

/** A secret file that cannot be read: names the setting and the reason, never the content. */
export class SecretFileError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`cannot use ${setting}: ${reason}`);
    this.name = 'SecretFileError';
  }
}

/**
 * Reads a mounted secret (token, password, CA bundle) again only when the file changed, so a rotation by a
 * secret mounter is picked up on the next request without reading the file on every request. Kubernetes
 * swaps a `..data` symlink on rotation: stat follows it, so the inode and mtime of the new file are seen.
 */
export function createSecretFileReader(file: string, setting: string, parse: (text: string) => string = (text) => text.trim()): () => string {
  let cached: { stamp: string; value: string } | undefined;
  return () => {
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (cached?.stamp !== stamp) cached = { stamp, value: parse(fs.readFileSync(file, 'utf8')) };
    } catch (error) {
      if (error instanceof SecretFileError) throw error;
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new SecretFileError(setting, `the file cannot be read (${code})`);
    }
    return cached.value;
  };
}
