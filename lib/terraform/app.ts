import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { App, AppConfig, AnnotationMetadataEntryType, Manifest } from './cdktf';

/**
 * A cdktf app whose output is the same on every machine: annotations carry
 * no stack traces (which hold absolute paths of the checkout). Everything
 * else cdktf writes is already free of paths, times and random values.
 *
 * @param config cdktf's app settings; `outdir` defaults to `CDKTF_OUTDIR`,
 * then `cdktf.out`, as with the cdktf CLI
 */
export function terraformApp(config: AppConfig = {}): App {
  return new App({ ...config, stackTraces: false });
}

/**
 * The `context` of the `cdktf.json` in `directory`, or an empty object when
 * there is none. The cdktf CLI hands this context to the app through
 * `CDKTF_CONTEXT_JSON`; an app run without the CLI reads it here, and cdktf
 * still lets `CDKTF_CONTEXT_JSON` override it.
 */
export function cdktfJsonContext(directory: string): { [key: string]: unknown } {
  const file = join(directory, 'cdktf.json');
  if (!existsSync(file)) {
    return {};
  }
  const config = JSON.parse(readFileSync(file, 'utf8'));
  return { ...(config.context ?? {}) };
}

/** One message cdktf recorded for a construct at synthesis. */
export interface SynthesisMessage {
  /** The stack that holds the construct. */
  readonly stack: string;
  /** The construct's path, e.g. `dev-registry/Registry`. */
  readonly constructPath: string;
  /** `info`, `warning` or `error`. */
  readonly level: string;
  /** The message. */
  readonly message: string;
}

/** What `synthesizeApp` wrote. */
export interface SynthesisResult {
  /** The output directory. */
  readonly outdir: string;
  /** The synthesized stacks, each in `<outdir>/stacks/<name>/cdk.tf.json`. */
  readonly stacks: string[];
  /** Every info, warning and error annotation, in stack and construct order. */
  readonly messages: SynthesisMessage[];
}

const LEVELS: Record<string, string> = {
  [AnnotationMetadataEntryType.INFO]: 'info',
  [AnnotationMetadataEntryType.WARN]: 'warning',
  [AnnotationMetadataEntryType.ERROR]: 'error',
};

/**
 * Synthesizes `app` without the cdktf CLI, as `cdktf synth` would: runs the
 * stacks' validations, writes `<outdir>/manifest.json` and
 * `<outdir>/stacks/<name>/cdk.tf.json` (plain Terraform JSON, usable with
 * Terraform or OpenTofu), then reports the annotations through `report`,
 * which the CLI would otherwise print. (Run by the CLI, which sets
 * `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS` to print them itself, it
 * reports nothing, so messages are not printed twice.) Error annotations
 * make cdktf throw, unless the CLI runs it.
 *
 * @param app the app to synthesize
 * @param report where messages go; by default standard error
 */
export function synthesizeApp(app: App, report: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): SynthesisResult {
  app.synth();
  const manifest = JSON.parse(readFileSync(join(app.outdir, Manifest.fileName), 'utf8'));
  const stacks = Object.keys(manifest.stacks);
  const messages: SynthesisMessage[] = stacks.flatMap((stack) => (manifest.stacks[stack].annotations ?? []).map((annotation: any) => ({
    stack,
    constructPath: annotation.constructPath,
    level: LEVELS[annotation.level] ?? annotation.level,
    message: annotation.message,
  })));
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined) {
    for (const { constructPath, level, message } of messages) {
      report(`[${level}] ${constructPath}: ${message}`);
    }
  }
  return { outdir: app.outdir, stacks, messages };
}
