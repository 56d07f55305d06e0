import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { DistributionConfig } from '../../lib/core/distribution';
import { freePort } from './ports';
import { runOk } from './processes';
import { makeTestCertificates, TestCertificates } from './tls';

/** Everything needed to run a production configuration on this machine. */
export interface LocalRegistry {
  readonly config: DistributionConfig;
  readonly configPath: string;
  readonly home: string;
  readonly dataDir: string;
  readonly certs: TestCertificates;
  /** `127.0.0.1:<port>`, the registry's TLS listener. */
  readonly hostPort: string;
  readonly baseUrl: string;
  readonly debugUrl: string;
  /** `user:password` of the one htpasswd user. */
  readonly credentials: string;
}

/**
 * Turns a production configuration into one that runs offline, changing
 * only what cannot exist here: storage on a temporary directory instead of
 * S3 (which also drops the CloudFront middleware), loopback ports, a
 * throwaway TLS certificate (in the cloud TLS ends at the load balancer),
 * and a real htpasswd file made with `htpasswd -B`.
 */
export async function prepareLocalRegistry(workDir: string, production: DistributionConfig): Promise<LocalRegistry> {
  const home = join(workDir, 'home');
  const dataDir = join(workDir, 'data');
  mkdirSync(home, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  const certs = await makeTestCertificates(join(workDir, 'certs'), env);

  const user = 'ci-pusher';
  const password = `pw-${process.pid}-${Date.now()}`;
  const htpasswdFile = join(workDir, 'htpasswd');
  // -i reads the password from stdin, so it never shows up in a process list.
  await runOk('htpasswd', ['-B', '-c', '-i', htpasswdFile, user], { env, input: `${password}\n` });

  const [port, debugPort] = [await freePort(), await freePort()];
  const local = production.withFilesystemStorage(dataDir);
  const http = local.props.http ?? {};
  const config = new DistributionConfig({
    ...local.props,
    auth: { htpasswd: { ...local.props.auth.htpasswd!, path: htpasswdFile } },
    http: {
      ...http,
      addr: `127.0.0.1:${port}`,
      host: `https://127.0.0.1:${port}`,
      tls: { certificate: certs.serverCert, key: certs.serverKey },
      debug: http.debug ? { ...http.debug, addr: `127.0.0.1:${debugPort}` } : undefined,
    },
  });
  const configPath = join(workDir, 'config.yml');
  writeFileSync(configPath, config.toYaml());
  return {
    config,
    configPath,
    home,
    dataDir,
    certs,
    hostPort: `127.0.0.1:${port}`,
    baseUrl: `https://127.0.0.1:${port}/`,
    debugUrl: `http://127.0.0.1:${debugPort}`,
    credentials: `${user}:${password}`,
  };
}
