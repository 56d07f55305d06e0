import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RegistryGarbageCollection } from '../../lib/aws/self-hosted/garbage-collection';
import { RUNTIME_DIRECTORY } from '../../lib/aws/self-hosted/registry-runtime';
import { findBinary, requireBinaries } from '../support/binaries';
import { request } from '../support/https';
import { freePort } from '../support/ports';
import { run, runOk, startTracked, stopProcess } from '../support/processes';
import { resolveWithFakes, synthesizedProdRegistry } from '../support/self-hosted-config';
import { makeTestCertificates, TestCertificates } from '../support/tls';

/*
 * The container's start-up as synthesized: the `sh -c` script from the task
 * definition, run by a POSIX shell with the task's variables, `exec`ing the
 * real registry binary (Debian's docker-registry, installed as `registry`).
 * Changed for offline use only: the runtime volume is a temporary
 * directory, storage is a temporary directory instead of S3 (which drops
 * the CloudFront middleware), TLS is added where the load balancer would
 * end it, and ports are loopback ports.
 */

const available = requireBinaries('registry start-up', ['docker-registry', 'openssl', 'htpasswd', 'sh']);
const describeWithBinaries = available ? describe : describe.skip;

describeWithBinaries('the registry container start-up script', () => {
  const { container } = synthesizedProdRegistry();
  const variable = (name: string) => container.Environment.find((e) => e.Name === name)?.Value;
  let workDir: string;
  let runtimeDir: string;
  let env: NodeJS.ProcessEnv;
  let certs: TestCertificates;
  let port: number;
  let debugPort: number;
  let script: string;
  const password = `pw-${process.pid}`;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'registry-startup-'));
    runtimeDir = join(workDir, 'run');
    const bin = join(workDir, 'bin');
    mkdirSync(runtimeDir);
    mkdirSync(bin);
    // The image calls the binary `registry`; Debian calls it `docker-registry`.
    symlinkSync(findBinary('docker-registry')!, join(bin, 'registry'));
    const base = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: workDir };
    certs = await makeTestCertificates(join(workDir, 'certs'), base);
    [port, debugPort] = [await freePort(), await freePort()];

    const config = JSON.parse(resolveWithFakes(variable('DISTRIBUTION_CONFIG')));
    delete config.storage.s3;
    delete config.middleware;
    config.storage.filesystem = { rootdirectory: join(workDir, 'data') };
    config.http.addr = `127.0.0.1:${port}`;
    config.http.host = `https://127.0.0.1:${port}`;
    config.http.tls = { certificate: certs.serverCert, key: certs.serverKey, minimumtls: 'tls1.2' };
    config.http.debug.addr = `127.0.0.1:${debugPort}`;
    const htpasswd = (await runOk('htpasswd', ['-nbB', 'ci', password], { env: base })).stdout.trim();
    const key = (await runOk('openssl', ['genrsa', '-traditional', '2048'], { env: base })).stdout;
    script = (container.Command[0]).split(RUNTIME_DIRECTORY).join(runtimeDir);
    env = {
      ...base,
      DISTRIBUTION_CONFIG: JSON.stringify(config).split(RUNTIME_DIRECTORY).join(runtimeDir),
      HTPASSWD: htpasswd,
      CLOUDFRONT_PRIVATE_KEY: key,
      REGISTRY_HTTP_SECRET: 'startup-test-http-secret-0123456789abcdef',
      // The garbage-collection switch's SSM parameter outside maintenance windows.
      REGISTRY_STORAGE_MAINTENANCE_READONLY: RegistryGarbageCollection.WRITABLE_VALUE,
    };
  }, 30_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  test('the task passes exactly the variables and secrets the script reads', () => {
    expect(container.EntryPoint).toEqual(['/bin/sh', '-c']);
    expect(container.Environment.map((e) => e.Name).sort()).toEqual(['DISTRIBUTION_CONFIG', 'HTPASSWD_VERSION']);
    expect(container.Secrets.map((s) => s.Name).sort())
      .toEqual(['CLOUDFRONT_PRIVATE_KEY', 'HTPASSWD', 'REGISTRY_HTTP_SECRET', 'REGISTRY_STORAGE_MAINTENANCE_READONLY']);
    expect(container.Command[0]).toContain('exec registry serve /run/distribution/config.yml');
  });

  test('starts the registry with the synthesized configuration and hides the secrets from it', async () => {
    const { child, output } = startTracked('sh', ['-c', script], env);
    try {
      const ca = readFileSync(certs.caFile);
      const deadline = Date.now() + 10_000;
      let health = 0;
      while (Date.now() < deadline && health !== 200) {
        health = await request(`https://127.0.0.1:${port}/`, { ca, timeoutMs: 1_000 }).then((r) => r.status, () => 0);
        if (health !== 200) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect({ health, output: health === 200 ? '' : output() }).toEqual({ health: 200, output: '' });

      const anonymous = await request(`https://127.0.0.1:${port}/v2/`, { ca });
      expect(anonymous.status).toBe(401);
      const authenticated = await request(`https://127.0.0.1:${port}/v2/`, { ca, auth: `ci:${password}` });
      expect(authenticated.status).toBe(200);
      const metrics = await request(`http://127.0.0.1:${debugPort}/metrics`, {});
      expect(metrics.status).toBe(200);

      // `exec` made the shell the registry; its environment lost the file contents.
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0').map((entry) => entry.split('=')[0]);
      expect(environ).toContain('REGISTRY_HTTP_SECRET');
      expect(environ).not.toContain('HTPASSWD');
      expect(environ).not.toContain('CLOUDFRONT_PRIVATE_KEY');
      expect(environ).not.toContain('DISTRIBUTION_CONFIG');
      expect(readFileSync(join(runtimeDir, 'htpasswd'), 'utf8')).toBe(`${env.HTPASSWD}\n`);
    } finally {
      await stopProcess(child);
    }
  }, 30_000);

  test('refuses to start without its htpasswd file instead of inventing a user', async () => {
    const result = await run('sh', ['-c', script], { env: { ...env, HTPASSWD: '' }, timeoutMs: 10_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('HTPASSWD is empty, refusing to start');
    expect(result.stderr).not.toMatch(/listening on/);
  });

  test('writes the files private to the registry user', async () => {
    writeFileSync(join(runtimeDir, 'probe'), '');
    const result = await run('sh', ['-c', `${script.split('\nexec registry')[0]}\nls -l ${runtimeDir}`], { env, timeoutMs: 10_000 });
    expect(result.code).toBe(0);
    const modes = result.stdout.split('\n').filter((line) => /(config\.yml|htpasswd|cloudfront\.pem)$/.test(line)).map((line) => line.slice(0, 10));
    expect(modes).toEqual(['-rw-------', '-rw-------', '-rw-------']);
  });
});
