import { assertBoolean, assertInteger, assertOneOf } from '../validate';
import { assertDuration, assertMatches, compact, sortedEntries } from './checks';
import { DISTRIBUTION_DEFAULTS as D } from './defaults';
import { LogFormatter, LogLevel } from './enums';

/** The `log` section. */
export interface LogProps {
  /**
   * The least severe level that is logged.
   *
   * @default LogLevel.INFO
   */
  readonly level?: LogLevel;
  /**
   * How each log line is encoded.
   *
   * @default LogFormatter.JSON
   */
  readonly formatter?: LogFormatter;
  /**
   * Static fields added to every log line, e.g. `{ environment: 'prod' }`.
   * @default - none
   */
  readonly fields?: { [name: string]: string };
  /**
   * Turn off the access log.
   * @default false
   */
  readonly accessLogDisabled?: boolean;
}

/** The storage driver health check (`health.storagedriver`), served at `/` and `/debug/health`. */
export interface HealthProps {
  /**
   * Whether the registry checks that its storage driver answers.
   *
   * @default true
   */
  readonly storageDriverEnabled?: boolean;
  /**
   * Time between checks (Go duration).
   * @default 10s
   */
  readonly interval?: string;
  /**
   * Failed checks before the registry reports unhealthy (503).
   * @default 3
   */
  readonly threshold?: number;
}

export function renderLog(log: LogProps): Record<string, unknown> {
  const level = log.level ?? D.logLevel;
  const formatter = log.formatter ?? D.logFormatter;
  assertOneOf('log.level', level, Object.values(LogLevel));
  assertOneOf('log.formatter', formatter, Object.values(LogFormatter));
  const fields: Record<string, string> = {};
  for (const [name, value] of sortedEntries(log.fields)) {
    assertMatches(`log.fields["${name}"]`, name, /^[a-z][a-z0-9_.]*$/, 'a lower case field name');
    assertMatches(`log.fields["${name}"]`, value, /^[^\r\n]+$/, 'a single-line value');
    fields[name] = value;
  }
  if (log.accessLogDisabled !== undefined) {
    assertBoolean('log.accessLogDisabled', log.accessLogDisabled);
  }
  return compact({
    accesslog: log.accessLogDisabled === undefined ? undefined : { disabled: log.accessLogDisabled },
    level,
    formatter,
    fields: Object.keys(fields).length > 0 ? fields : undefined,
  });
}

export function renderHealth(health: HealthProps): Record<string, unknown> {
  const enabled = health.storageDriverEnabled ?? D.healthStorageDriverEnabled;
  assertBoolean('health.storageDriverEnabled', enabled);
  if (!enabled) {
    return { storagedriver: { enabled: false } };
  }
  const interval = health.interval ?? D.healthInterval;
  const threshold = health.threshold ?? D.healthThreshold;
  assertDuration('health.interval', interval);
  assertInteger('health.threshold', threshold, 1);
  return { storagedriver: { enabled: true, interval, threshold } };
}
