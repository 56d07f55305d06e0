/*
 * Every binding module against the repository's copy of the provider schema
 * (test/fixtures/provider-schemas/tencentcloud.json): each argument and
 * nested block the schema lets a configuration set is bound, under the name
 * and nesting the schema gives it, and nothing else is; each computed
 * argument is readable as a reference. A re-extracted schema with new
 * arguments fails here until the bindings are regenerated.
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import { TerraformOutput, TerraformStack, Testing } from '../../../lib/terraform/cdktf';
import {
  SchemaAttribute,
  SchemaNode,
  camelCase,
  computedAttributes,
  configurableAttributes,
  configurableBlocks,
  loadTencentcloudSchema,
} from '../../support/tencentcloud-schema';

const BINDINGS_DIR = join(__dirname, '..', '..', '..', 'lib', 'tencentcloud', 'bindings');
const schema = loadTencentcloudSchema();

/**
 * Arguments a binding accepts beyond the schema's: Terraform's implicit `id`
 * on resources (cdktf's generator binds it, the provider rejects it in
 * configuration), and the provider meta-argument `alias`.
 */
const IMPLICIT_ARGUMENTS = { resource: ['id'], provider: ['alias'] };

interface BindingClass {
  readonly name: string;
  readonly tfResourceType: string;
  new (scope: TerraformStack, id: string, config: Record<string, unknown>): any;
}

interface BindingModule {
  readonly folder: string;
  readonly exports: Record<string, any>;
  readonly binding: BindingClass;
  readonly isProvider: boolean;
  readonly node: SchemaNode;
}

function loadBindings(): BindingModule[] {
  return readdirSync(BINDINGS_DIR)
    .sort()
    .map((folder) => {
      const exports = require(join(BINDINGS_DIR, folder));
      const classes = Object.values(exports).filter((value: any) => typeof value === 'function' && typeof value.tfResourceType === 'string');
      if (classes.length !== 1) {
        throw new Error(`${folder}: expected one class with a static tfResourceType, found ${classes.length}`);
      }
      const binding = classes[0] as BindingClass;
      const isProvider = binding.tfResourceType === 'tencentcloud';
      const node = isProvider ? schema.provider : schema.resources[binding.tfResourceType];
      return { folder, exports, binding, isProvider, node };
    });
}

/** A value of the argument's type, the same in the binding's config and in the synthesized JSON. */
function sampleValue(type: SchemaAttribute['type'], elementType: SchemaAttribute['type'] | undefined, name: string): unknown {
  switch (type) {
    case 'TypeString':
      return `${name}-value`;
    case 'TypeInt':
      return 7;
    case 'TypeFloat':
      return 2.5;
    case 'TypeBool':
      return true;
    case 'TypeList':
    case 'TypeSet':
      return [sampleValue(elementType ?? 'TypeString', undefined, name)];
    case 'TypeMap':
      return { key: sampleValue(elementType ?? 'TypeString', undefined, name) };
  }
}

interface Sample {
  /** camelCase, as a binding's config takes it. */
  readonly config: Record<string, unknown>;
  /** snake_case, as the schema names it. */
  readonly terraform: Record<string, unknown>;
}

/** Every settable argument and block of `node`, nested blocks filled the same way. */
function fullSample(node: SchemaNode): Sample {
  const config: Record<string, unknown> = {};
  const terraform: Record<string, unknown> = {};
  for (const name of configurableAttributes(node)) {
    const attribute = node.attributes[name];
    config[camelCase(name)] = terraform[name] = sampleValue(attribute.type, attribute.elem_type, name);
  }
  for (const name of configurableBlocks(node)) {
    const block = node.blocks![name];
    const child = fullSample(block);
    // cdktf binds a block of at most one item as an object, any other as an array.
    const single = block.effective_max_items === 1;
    config[camelCase(name)] = single ? child.config : [child.config];
    terraform[name] = single ? child.terraform : [child.terraform];
  }
  return { config, terraform };
}

function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel[0].toUpperCase() + camel.slice(1);
}

/** Snake_case keys that each nested block's `...ToTerraform` function writes, by block path. */
function boundBlockArguments(module: BindingModule, node: SchemaNode, path: string[] = []): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const name of configurableBlocks(node)) {
    const blockPath = [...path, name];
    const functionName = module.binding.name[0].toLowerCase() + module.binding.name.slice(1) + blockPath.map(pascalCase).join('') + 'ToTerraform';
    const toTerraform = module.exports[functionName];
    found[blockPath.join('.')] = typeof toTerraform === 'function' ? Object.keys(toTerraform({})).sort() : [`(no ${functionName})`];
    Object.assign(found, boundBlockArguments(module, node.blocks![name], blockPath));
  }
  return found;
}

function schemaBlockArguments(node: SchemaNode, path: string[] = []): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const name of configurableBlocks(node)) {
    const block = node.blocks![name];
    found[[...path, name].join('.')] = [...configurableAttributes(block), ...configurableBlocks(block)].sort();
    Object.assign(found, schemaBlockArguments(block, [...path, name]));
  }
  return found;
}

const bindings = loadBindings();

test('the bindings are the provider block and resources the schema copy describes', () => {
  expect(bindings.filter((module) => module.isProvider).map((module) => module.folder)).toEqual(['provider']);
  const unknown = bindings.filter((module) => module.node === undefined).map((module) => module.binding.tfResourceType);
  expect(unknown).toEqual([]);
  // Each module is named after its resource type (the import path the constructs use).
  for (const module of bindings.filter((binding) => !binding.isProvider)) {
    expect(module.folder).toBe(module.binding.tfResourceType.replace(/^tencentcloud_/, '').replace(/_/g, '-'));
  }
});

describe.each(bindings.map((module) => [module.folder, module] as const))('%s', (_folder, module) => {
  const sample = fullSample(module.node);
  const stack = new TerraformStack(Testing.app(), 'coverage');
  const instance = new module.binding(stack, 'full', sample.config);
  if (!module.isProvider) {
    // cdktf's validation refuses a resource whose provider block is missing.
    new (bindings.find((binding) => binding.isProvider)!.binding)(stack, 'tencentcloud', {});
  }
  const type = module.binding.tfResourceType;
  const computedOutputs = module.isProvider ? [] : [...computedAttributes(module.node), ...Object.entries(module.node.blocks ?? {}).filter(([, block]) => block.mode === 'computed').map(([name]) => name)];
  for (const name of computedOutputs) {
    new TerraformOutput(stack, name, { value: instance[camelCase(name)] });
  }
  const synthesized = JSON.parse(Testing.synth(stack, true));

  test('binds exactly the arguments and blocks the schema lets a configuration set', () => {
    const implicit = module.isProvider ? IMPLICIT_ARGUMENTS.provider : IMPLICIT_ARGUMENTS.resource;
    const expected = [...configurableAttributes(module.node), ...configurableBlocks(module.node), ...implicit].sort();
    // Bracket access reads the generated protected method: it lists every argument the binding writes.
    expect(Object.keys(instance['synthesizeAttributes']()).sort()).toEqual(expected);
    expect(boundBlockArguments(module, module.node)).toEqual(schemaBlockArguments(module.node));
  });

  test('writes every argument and nested block under its schema name, with the schema nesting', () => {
    const written = module.isProvider ? synthesized.provider[type][0] : synthesized.resource[type].full;
    expect(written).toEqual(sample.terraform);
  });

  if (computedOutputs.length > 0) {
    test('reads every computed argument as a reference to it', () => {
      const values = Object.fromEntries(computedOutputs.map((name) => [name, synthesized.output[name].value]));
      // cdktf reads a set through tolist(), so that its items can be indexed.
      const reference = (name: string) => (module.node.attributes[name]?.type === 'TypeSet' ? `\${tolist(${type}.full.${name})}` : `\${${type}.full.${name}}`);
      expect(values).toEqual(Object.fromEntries(computedOutputs.map((name) => [name, reference(name)])));
    });
  }
});
