import { readFileSync } from 'fs';
import { join } from 'path';

/*
 * Walks a cloud assembly the way the CDK CLI deploys it and reports every
 * stack that uses, by name, something that a stack deployed later creates,
 * or that nothing creates. Cross-region wiring in particular is done by
 * name (a bucket in a replication rule, a secret read by name, a key
 * alias), which CloudFormation cannot order; a wrong order fails at deploy
 * time, long after synthesis. Generic on purpose: it knows CloudFormation
 * and ARN formats, not this library.
 *
 * Names a template creates: secret names (and the regions Secrets Manager
 * copies them to), bucket names, KMS alias names, SSM parameter names,
 * Route 53 record names, export names and stack outputs. Names it uses:
 * ARNs of secrets, buckets, aliases and parameters anywhere in the template
 * (policies, ECS secrets, replication rules), bare `alias/...` values,
 * `{{resolve:ssm:...}}` and `{{resolve:secretsmanager:...}}`, SSM-typed
 * parameters, hosted zone ids, `Fn::ImportValue` and `Fn::GetStackOutput`.
 */

/** A stack of the assembly. */
export interface AssemblyStack {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly template: any;
  /** Stacks this one depends on (manifest `dependencies`, assets left out). */
  readonly dependencies: string[];
}

/** A physical name: what it is, where it is unique, the name. */
export interface PhysicalName {
  readonly kind: 'secret' | 'bucket' | 'kms alias' | 'ssm parameter' | 'dns record' | 'hosted zone' | 'export' | 'stack output';
  /** The region, or `global`. */
  readonly where: string;
  readonly name: string;
}

/** The stacks of the cloud assembly in `dir`, as its manifest lists them. */
export function readAssembly(dir: string): AssemblyStack[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const artifacts: Record<string, any> = manifest.artifacts ?? {};
  const stackIds = Object.keys(artifacts).filter((id) => artifacts[id].type === 'aws:cloudformation:stack');
  return stackIds.map((id) => {
    const artifact = artifacts[id];
    const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment)!;
    return {
      id,
      account: account === 'unknown-account' ? 'ACCOUNT' : account,
      region,
      template: JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8')),
      dependencies: (artifact.dependencies ?? []).filter((dependency: string) => stackIds.includes(dependency)),
    };
  });
}

/**
 * The order in which `cdk deploy` deploys the stacks: rounds of every stack
 * whose dependencies are deployed, each round sorted by id, as the CLI's
 * `topologicalSort` does (@aws-cdk/cloud-assembly-api, lib/private/toposort.ts,
 * bundled in node_modules/aws-cdk/lib/index.js).
 */
export function cliDeployOrder(stacks: AssemblyStack[]): AssemblyStack[] {
  const remaining = new Map(stacks.map((stack) => [stack.id, stack]));
  const order: AssemblyStack[] = [];
  while (remaining.size > 0) {
    const selectable = [...remaining.values()].filter((stack) => stack.dependencies.every((dependency) => !remaining.has(dependency)));
    if (selectable.length === 0) {
      throw new Error(`could not determine ordering between: ${[...remaining.keys()].join(', ')}`);
    }
    selectable.sort((a, b) => (a.id < b.id ? -1 : b.id < a.id ? 1 : 0));
    for (const stack of selectable) {
      order.push(stack);
      remaining.delete(stack.id);
    }
  }
  return order;
}

const UNRESOLVED = '\u0000unresolved\u0000';
const PSEUDO: Record<string, (stack: AssemblyStack) => string> = {
  'AWS::Region': (stack) => stack.region,
  'AWS::AccountId': (stack) => stack.account,
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': (stack) => stack.id,
};

/** A template value as a string, with deploy-time parts of this stack marked unresolved. */
function stringOf(value: unknown, stack: AssemblyStack): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return UNRESOLVED;
  }
  const intrinsic = value as Record<string, any>;
  if ('Ref' in intrinsic) {
    return PSEUDO[intrinsic.Ref]?.(stack) ?? UNRESOLVED;
  }
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'];
    return Array.isArray(parts) ? parts.map((part) => stringOf(part, stack)).join(separator) : UNRESOLVED;
  }
  if ('Fn::Sub' in intrinsic) {
    const [text, variables] = Array.isArray(intrinsic['Fn::Sub']) ? intrinsic['Fn::Sub'] : [intrinsic['Fn::Sub'], {}];
    return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => (name in variables
      ? stringOf(variables[name], stack) : PSEUDO[name]?.(stack) ?? UNRESOLVED));
  }
  return UNRESOLVED;
}

/** Every name the template of `stack` creates. */
export function createdNames(stack: AssemblyStack): PhysicalName[] {
  const names: PhysicalName[] = [];
  const add = (kind: PhysicalName['kind'], where: string, value: unknown) => {
    const name = stringOf(value, stack);
    if (!name.includes(UNRESOLVED)) {
      names.push({ kind, where, name: normalize(kind, name) });
    }
  };
  for (const resource of Object.values<any>(stack.template.Resources ?? {})) {
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::SecretsManager::Secret':
        if (properties.Name !== undefined) {
          add('secret', stack.region, properties.Name);
          for (const replica of properties.ReplicaRegions ?? []) {
            add('secret', stringOf(replica.Region, stack), properties.Name);
          }
        }
        break;
      case 'AWS::S3::Bucket':
        if (properties.BucketName !== undefined) {
          add('bucket', 'global', properties.BucketName);
        }
        break;
      case 'AWS::KMS::Alias':
        add('kms alias', stack.region, properties.AliasName);
        break;
      case 'AWS::SSM::Parameter':
        if (properties.Name !== undefined) {
          add('ssm parameter', stack.region, properties.Name);
        }
        break;
      case 'AWS::Route53::RecordSet':
        add('dns record', 'global', properties.Name);
        break;
      default:
        break;
    }
  }
  for (const [outputName, output] of Object.entries<any>(stack.template.Outputs ?? {})) {
    names.push({ kind: 'stack output', where: stack.region, name: `${stack.id}/${outputName}` });
    if (output.Export?.Name !== undefined) {
      add('export', stack.region, output.Export.Name);
    }
  }
  return names;
}

/** A name the template of `stack` uses, and where in the template. */
export interface NameUse extends PhysicalName {
  readonly path: string;
}

/** Every name the template of `stack` uses. */
export function usedNames(stack: AssemblyStack): NameUse[] {
  const uses: NameUse[] = [];
  const use = (kind: PhysicalName['kind'], where: string, name: string, path: string) => {
    if (!name.includes(UNRESOLVED) && !name.includes('*')) {
      uses.push({ kind, where, name: normalize(kind, name), path });
    }
  };
  const scan = (text: string, path: string) => {
    for (const m of text.matchAll(/arn:[\w-]+:secretsmanager:([a-z0-9-]+):[^:]*:secret:([^\s"]+)/g)) {
      use('secret', m[1], m[2].replace(/-\?{6}$/, ''), path);
    }
    for (const m of text.matchAll(/arn:[\w-]+:s3:::([^/\s"]+)/g)) {
      use('bucket', 'global', m[1], path);
    }
    for (const m of text.matchAll(/arn:[\w-]+:kms:([a-z0-9-]+):[^:]*:(alias\/[^\s"]+)/g)) {
      use('kms alias', m[1], m[2], path);
    }
    for (const m of text.matchAll(/arn:[\w-]+:ssm:([a-z0-9-]+):[^:]*:parameter(\/[^\s"]+)/g)) {
      use('ssm parameter', m[1], m[2], path);
    }
    for (const m of text.matchAll(/\{\{resolve:ssm(?:-secure)?:([^:}]+)/g)) {
      use('ssm parameter', stack.region, m[1], path);
    }
    for (const m of text.matchAll(/\{\{resolve:secretsmanager:([^:}]+(?::[^:}]+){0,6}?)(?::SecretString|\}\})/g)) {
      const id = m[1];
      if (!id.startsWith('arn:')) {
        use('secret', stack.region, id, path);
      }
    }
    if (/^alias\/[\w/-]+$/.test(text)) {
      use('kms alias', stack.region, text, path);
    }
  };
  // Inside Fn::Join and Fn::Sub, strings are fragments of a name: the
  // joined string is scanned, the fragments are not.
  const walk = (node: unknown, path: string, fragment = false): void => {
    if (typeof node === 'string') {
      if (!fragment) {
        scan(node, path);
      }
      return;
    }
    if (node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${path}/${index}`, fragment));
      return;
    }
    const object = node as Record<string, any>;
    if ('Fn::ImportValue' in object) {
      use('export', stack.region, stringOf(object['Fn::ImportValue'], stack), path);
    }
    if ('Fn::GetStackOutput' in object) {
      const reference = object['Fn::GetStackOutput'];
      const region = reference.Region === undefined ? stack.region : stringOf(reference.Region, stack);
      use('stack output', region, `${stringOf(reference.StackName, stack)}/${stringOf(reference.OutputName, stack)}`, path);
    }
    const joined = 'Fn::Join' in object || 'Fn::Sub' in object;
    if (joined) {
      scan(stringOf(object, stack), path);
    }
    for (const [childKey, child] of Object.entries(object)) {
      if (childKey === 'HostedZoneId' && typeof child === 'string') {
        use('hosted zone', 'global', child, `${path}/${childKey}`);
      }
      if (childKey === 'S3Bucket') {
        use('bucket', 'global', stringOf(child, stack), `${path}/${childKey}`);
      }
      walk(child, `${path}/${childKey}`, joined || fragment);
    }
  };
  for (const [id, parameter] of Object.entries<any>(stack.template.Parameters ?? {})) {
    if (/^AWS::SSM::Parameter::Value</.test(parameter.Type) && typeof parameter.Default === 'string') {
      use('ssm parameter', stack.region, parameter.Default, `/Parameters/${id}`);
    }
  }
  walk(stack.template.Resources ?? {}, '/Resources');
  walk(stack.template.Outputs ?? {}, '/Outputs');
  return uses;
}

function normalize(kind: PhysicalName['kind'], name: string): string {
  if (kind === 'ssm parameter') {
    return name.replace(/^\//, '');
  }
  if (kind === 'dns record') {
    return name.toLowerCase().replace(/\.$/, '');
  }
  return name;
}

const keyOf = (name: PhysicalName) => `${name.kind}|${name.where}|${name.name}`;

/**
 * Walks the stacks in CLI order and reports each use of a name that no
 * stack deployed earlier (or the stack itself) created, and each use of a
 * name created by a stack the user does not depend on (deploying it alone,
 * or with `--concurrency`, would race). `provided` holds what exists before
 * the first deployment (`cdk bootstrap`, your hosted zone, AWS managed keys).
 */
export function deployOrderViolations(stacks: AssemblyStack[], provided: (name: PhysicalName) => boolean): string[] {
  const order = cliDeployOrder(stacks);
  const creators = new Map<string, string>();
  for (const stack of order) {
    for (const name of createdNames(stack)) {
      creators.set(keyOf(name), creators.get(keyOf(name)) ?? stack.id);
    }
  }
  const byId = new Map(stacks.map((stack) => [stack.id, stack]));
  const dependsOn = (id: string, other: string, seen = new Set<string>()): boolean => byId.get(id)!.dependencies
    .some((dependency) => dependency === other || (!seen.has(dependency) && (seen.add(dependency), dependsOn(dependency, other, seen))));
  const position = new Map(order.map((stack, index) => [stack.id, index]));
  const violations: string[] = [];
  for (const stack of order) {
    const seen = new Set<string>();
    for (const use of usedNames(stack)) {
      const key = keyOf(use);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const creator = creators.get(key);
      const what = `${use.kind} "${use.name}" (${use.where})`;
      if (creator === undefined) {
        if (!provided(use)) {
          violations.push(`${stack.id} uses ${what} at ${use.path}, which no stack creates`);
        }
      } else if (creator !== stack.id && position.get(creator)! > position.get(stack.id)!) {
        violations.push(`${stack.id} uses ${what} at ${use.path}, which ${creator} creates later`);
      } else if (creator !== stack.id && !dependsOn(stack.id, creator)) {
        violations.push(`${stack.id} uses ${what} at ${use.path}, created by ${creator}, without depending on it`);
      }
    }
  }
  return violations;
}
