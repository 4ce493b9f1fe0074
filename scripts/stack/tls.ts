// A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made with
// Debian's openssl, for tests that need TLS as a cluster has it (the console must trust the CA).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type TestCertificates = { dir: string; caFile: string; ca: string; key: string; cert: string };

const openssl = (cwd: string, args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/** Writes ca.crt, server.key and server.crt (valid a day) into `dir`, and returns them. */
export function createTestCertificates(dir: string, name = 'voicehive-test'): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', `/CN=${name}-ca`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'server.ext']);
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  return { dir, caFile: path.join(dir, 'ca.crt'), ca: read('ca.crt'), key: read('server.key'), cert: read('server.crt') };
}
