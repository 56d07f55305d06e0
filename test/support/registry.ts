import { ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import { request } from './https';
import { run, RunResult, startTracked, stopProcess } from './processes';

export const REGISTRY_BINARY = 'docker-registry';

/**
 * The only variables the registry gets. Anything else from the caller's
 * environment stays out: `AWS_CA_BUNDLE` pointing at a bundle the S3 driver
 * cannot load makes it panic, and stray `REGISTRY_*` variables would
 * silently change the configuration under test.
 */
export function registryEnvironment(home: string, extra: { [name: string]: string } = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...extra };
}

export interface RunningRegistry {
  readonly child: ChildProcess;
  /** Everything the registry logged so far. */
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

export interface StartOptions {
  readonly configPath: string;
  readonly env: NodeJS.ProcessEnv;
  /** `https://127.0.0.1:<port>/`: the health route, 200 without credentials. */
  readonly baseUrl: string;
  readonly caFile: string;
  readonly timeoutMs?: number;
}

/** Starts `docker-registry serve` and waits until its health route answers 200. */
export async function startRegistry(options: StartOptions): Promise<RunningRegistry> {
  const { child, output } = startTracked(REGISTRY_BINARY, ['serve', options.configPath], options.env);
  const running: RunningRegistry = { child, output, stop: () => stopProcess(child) };
  const ca = readFileSync(options.caFile);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`registry exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const res = await request(options.baseUrl, { ca, timeoutMs: 1_000 });
      if (res.status === 200) {
        return running;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`registry not ready after ${options.timeoutMs ?? 10_000} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `docker-registry garbage-collect --dry-run <config>`: lists what would be kept and removed. */
export function garbageCollectDryRun(configPath: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return run(REGISTRY_BINARY, ['garbage-collect', '--dry-run', configPath], { env, timeoutMs: 15_000 });
}
