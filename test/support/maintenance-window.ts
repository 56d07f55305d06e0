import { LocalRegistry } from './local-registry';
import { registryEnvironment, RunningRegistry, startRegistry } from './registry';

/** The local registry as the maintenance window drives it: restarted with a read-only switch value. */
export interface SwitchedRegistry {
  /** The registry's environment with `REGISTRY_STORAGE_MAINTENANCE_READONLY` set to `readOnlyValue`. */
  env(readOnlyValue: string): NodeJS.ProcessEnv;
  /** Stops the running registry, if any, and starts it again with `readOnlyValue`, as a task rollout does. */
  restart(readOnlyValue: string): Promise<RunningRegistry>;
  stop(): Promise<void>;
}

/** Tasks read the switch only at start, so each change of it is a restart, with the tasks' shared `http.secret`. */
export function switchedRegistry(local: LocalRegistry, httpSecret: string): SwitchedRegistry {
  let running: RunningRegistry | undefined;
  const env = (readOnlyValue: string) => registryEnvironment(local.home, {
    REGISTRY_HTTP_SECRET: httpSecret,
    REGISTRY_STORAGE_MAINTENANCE_READONLY: readOnlyValue,
  });
  return {
    env,
    async restart(readOnlyValue) {
      await running?.stop();
      running = await startRegistry({ configPath: local.configPath, env: env(readOnlyValue), baseUrl: local.baseUrl, caFile: local.certs.caFile });
      return running;
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}
