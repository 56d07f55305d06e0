import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { run, RunResult } from './processes';

/**
 * skopeo confined to a scratch directory: its own HOME, policy, registries
 * configuration and auth file, so nothing on the machine is read or written.
 */
export class Skopeo {
  private readonly env: NodeJS.ProcessEnv;
  private readonly policy: string;
  private readonly registriesDir: string;
  private readonly authFile: string;
  private readonly tmpDir: string;

  constructor(workDir: string, private readonly certDir: string) {
    const home = join(workDir, 'home');
    const runtime = join(workDir, 'runtime');
    this.registriesDir = join(workDir, 'registries.d');
    this.tmpDir = join(workDir, 'tmp');
    for (const dir of [home, runtime, this.registriesDir, this.tmpDir]) {
      mkdirSync(dir, { recursive: true });
    }
    this.policy = join(workDir, 'policy.json');
    writeFileSync(this.policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
    const registriesConf = join(workDir, 'registries.conf');
    writeFileSync(registriesConf, 'unqualified-search-registries = []\n');
    this.authFile = join(workDir, 'auth.json');
    writeFileSync(this.authFile, JSON.stringify({ auths: {} }));
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_CONFIG_HOME: join(home, '.config'),
      CONTAINERS_REGISTRIES_CONF: registriesConf,
      REGISTRY_AUTH_FILE: this.authFile,
    };
  }

  /** Copies between transports; `creds` (`user:password`) is used for the `docker://` side(s). */
  public copy(source: string, destination: string, creds?: string, digestFile?: string): Promise<RunResult> {
    return this.copyWith([], source, destination, creds, digestFile);
  }

  /** Copies an image index with every platform image it names (`--all`), not only this machine's. */
  public copyAll(source: string, destination: string, creds?: string): Promise<RunResult> {
    return this.copyWith(['--all'], source, destination, creds);
  }

  private copyWith(flags: string[], source: string, destination: string, creds?: string, digestFile?: string): Promise<RunResult> {
    const args = ['copy', '--retry-times', '0', ...flags];
    if (source.startsWith('docker://')) {
      args.push('--src-cert-dir', this.certDir, '--src-authfile', this.authFile);
      args.push(...(creds ? ['--src-creds', creds] : ['--src-no-creds']));
    }
    if (destination.startsWith('docker://')) {
      args.push('--dest-cert-dir', this.certDir, '--dest-authfile', this.authFile);
      args.push(...(creds ? ['--dest-creds', creds] : ['--dest-no-creds']));
    }
    if (digestFile) {
      args.push('--digestfile', digestFile);
    }
    return this.run([...args, source, destination]);
  }

  /** The raw manifest bytes of an image. */
  public inspectRaw(image: string, creds: string): Promise<RunResult> {
    return this.run(['inspect', '--raw', '--retry-times', '0', '--cert-dir', this.certDir, '--authfile', this.authFile, '--creds', creds, image]);
  }

  private run(args: string[]): Promise<RunResult> {
    const global = ['--policy', this.policy, '--registries.d', this.registriesDir, '--tmpdir', this.tmpDir, '--command-timeout', '20s'];
    return run('skopeo', [...global, ...args], { env: this.env, timeoutMs: 25_000 });
  }
}
