import { mkdirSync, copyFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runOk } from './processes';

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it. */
export interface TestCertificates {
  /** PEM of the CA, for Node's `ca` option and `openssl -CAfile`. */
  readonly caFile: string;
  /** Directory holding only `ca.crt`, for skopeo's `--cert-dir` options. */
  readonly certDir: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/**
 * Makes the certificates with the `openssl` CLI (EC P-256 keys: fast to
 * generate), valid for one day.
 */
export async function makeTestCertificates(dir: string, env: NodeJS.ProcessEnv): Promise<TestCertificates> {
  mkdirSync(dir, { recursive: true });
  const p = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await runOk('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '1', '-subj', '/CN=integration-test-ca'], { env });
  await runOk('openssl', ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1'], { env });
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await runOk('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial',
    '-out', p('server.crt'), '-days', '1', '-extfile', p('server.ext')], { env });
  const certDir = p('trust');
  mkdirSync(certDir, { recursive: true });
  copyFileSync(p('ca.pem'), join(certDir, 'ca.crt'));
  return { caFile: p('ca.pem'), certDir, serverCert: p('server.crt'), serverKey: p('server.key') };
}
