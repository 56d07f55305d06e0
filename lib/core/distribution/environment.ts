import { invalid } from '../errors';

/**
 * `REGISTRY_*` environment variables for the registry process, and checks
 * for the variables that silently break it.
 */
export class DistributionEnvironment {
  /** Overrides the whole `storage.maintenance.readonly` map. */
  public static readonly READ_ONLY_VARIABLE = 'REGISTRY_STORAGE_MAINTENANCE_READONLY';

  /**
   * The variable that puts a registry in read-only mode, e.g. on every
   * replica while garbage collection runs:
   * `REGISTRY_STORAGE_MAINTENANCE_READONLY={"enabled":true}`.
   *
   * It sets the whole map on purpose. The leaf variable
   * `REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED` crashes 2.8 and is
   * silently ignored when the file already has a `readonly` map, which
   * leaves writes open during garbage collection.
   */
  public static readOnly(): { [name: string]: string } {
    return { [DistributionEnvironment.READ_ONLY_VARIABLE]: JSON.stringify({ enabled: true }) };
  }

  /**
   * Throws when an environment for the registry holds a variable known to
   * misconfigure it: the read-only leaf variable, or `REGISTRY_STORAGE`,
   * which replaces the whole storage map (dropping `delete`, `maintenance`
   * and `cache`) and, next to the file's driver, panics with "multiple storage drivers".
   */
  public static check(environment: { [name: string]: string }): void {
    for (const name of Object.keys(environment).sort()) {
      const value = environment[name];
      if (name === `${DistributionEnvironment.READ_ONLY_VARIABLE}_ENABLED`) {
        throw invalid(`environment.${name}`, value, `${DistributionEnvironment.READ_ONLY_VARIABLE}='{"enabled":true}' instead (the leaf variable is ignored or crashes the registry)`);
      }
      if (name === 'REGISTRY_STORAGE') {
        throw invalid(`environment.${name}`, value, 'no whole-storage override (it drops delete, maintenance and cache settings); set the driver in the config file');
      }
      if (name === DistributionEnvironment.READ_ONLY_VARIABLE && !isReadOnlyMap(value)) {
        throw invalid(`environment.${name}`, value, 'a JSON map {"enabled":true} or {"enabled":false}');
      }
    }
  }
}

function isReadOnlyMap(value: string): boolean {
  try {
    const parsed = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      && Object.keys(parsed).length === 1 && typeof parsed.enabled === 'boolean';
  } catch {
    return false;
  }
}
