import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { TerraformStack, Testing } from '../../../lib/terraform/cdktf';
import { TerraformJson } from '../terraform-schema/check';

/*
 * Synthesis for the Terraform backends' tests, with cdktf's validations on
 * (`Testing.synth(stack, true)`), returning the parsed JSON. cdktf's own
 * `Testing.synthScope` skips the validations, hence these.
 */

/** The stack's Terraform JSON, after aspects and validations (`//` metadata removed, keys sorted). */
export function synthesizeStack(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack, true));
}

/** A fresh test app and stack named `stackName`, built by `build`, synthesized with validations. */
export function synthesizeScope(build: (stack: TerraformStack) => void, stackName: string = 'test'): TerraformJson {
  const stack = new TerraformStack(Testing.app(), stackName);
  build(stack);
  return synthesizeStack(stack);
}

/**
 * The body of one resource of the synthesized JSON: the only one of its
 * type, or the one named `name` or `name_<hash>` (cdktf's logical ids end
 * in a hash of the construct path). Fails unless exactly one matches.
 */
export function resourceOf(config: TerraformJson, type: string, name?: string): Record<string, any> {
  const instances = config.resource?.[type] ?? {};
  const names = Object.keys(instances);
  const matching = name === undefined ? names : names.filter((n) => n === name || n.startsWith(`${name}_`));
  if (matching.length !== 1) {
    throw new Error(`expected one ${type}${name ? ` named ${name}` : ''}, found ${names.length ? names.join(', ') : 'none'}`);
  }
  return instances[matching[0]] as Record<string, any>;
}

/** Every file below `dir` (a synthesis output directory), relative path to content, in sorted order. */
export function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else {
        files[relative(dir, path)] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(dir);
  return files;
}
