/*
 * Generates the typed tencentcloud provider bindings in
 * lib/tencentcloud/bindings/ with cdktf's own generator, from the schema the
 * repository carries (no registry, no Terraform, no network):
 *
 *   npm run generate:tencentcloud              # rewrite lib/tencentcloud/bindings
 *   npm run generate:tencentcloud -- --out <dir>
 *
 * test/tencentcloud/bindings/generation.system.test.ts runs it with --out and fails
 * while the committed bindings differ from what it writes.
 *
 * No prebuilt cdktf provider for tencentcloud exists, and `cdktf get` needs
 * the Terraform registry. `cdktf get` runs the same TerraformProviderGenerator
 * on the schema Terraform prints; here it runs on
 * test/fixtures/provider-schemas/tencentcloud.terraform-schema.json. The
 * resource types that get a binding are the `bindings` of
 * test/fixtures/provider-schemas/resources.json (the registry and what it
 * needs around it: certificates, DNSPod and private DNS records, monitor
 * alarms, VPCs, CAM policies); to add one, run
 * `npm run schemas -- --from <dir> --add-binding <type>`, then this script.
 *
 * The generated modules import cdktf through lib/terraform/cdktf.ts, as the
 * rest of the library does, so that moving to the cdktn fork stays a change
 * of that one file.
 *
 * The generator module is loaded by its path rather than through
 * `@cdktf/provider-generator`'s index, which resolves jsii-pacmak and jsii at
 * load time for the non-TypeScript targets that are not needed here.
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve, sep } from 'path';

const ROOT = join(__dirname, '..');
const SCHEMA_FILE = join(ROOT, 'test', 'fixtures', 'provider-schemas', 'tencentcloud.terraform-schema.json');
const RICH_SCHEMA_FILE = join(ROOT, 'test', 'fixtures', 'provider-schemas', 'tencentcloud.json');
const TYPE_LIST_FILE = join(ROOT, 'test', 'fixtures', 'provider-schemas', 'resources.json');
/** The import of cdktf the generator writes, and what the bindings import instead: the library's one import point. */
const CDKTF_IMPORT = /^import \* as cdktf from ["']cdktf["'];$/gm;
const LAYER_IMPORT = "import * as cdktf from '../../../terraform/cdktf';";
const BINDINGS_DIR = join(ROOT, 'lib', 'tencentcloud', 'bindings');
const PROVIDER_ADDRESS = 'registry.terraform.io/tencentcloudstack/tencentcloud';
const PROVIDER_SOURCE = 'tencentcloudstack/tencentcloud';
/** Where the generator writes a provider's modules, below its output directory. */
const GENERATED_PROVIDER_DIR = join('providers', 'tencentcloud');

type Json = Record<string, any>;

function parseArguments(argv: string[]): { out: string } {
  let out = BINDINGS_DIR;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) {
      out = resolve(argv[++i]);
    } else {
      throw new Error(`unknown argument ${argv[i]}: expected --out <dir>`);
    }
  }
  return { out };
}

/**
 * The version constraint every binding declares: at least the release the
 * schema was read from (an argument the bindings know may be new in it),
 * below the next major version.
 */
function versionConstraint(): string {
  const rich = JSON.parse(readFileSync(RICH_SCHEMA_FILE, 'utf8'));
  const match = /^v?(\d+)\.(\d+)\.(\d+)\b/.exec(rich.provider_version_or_commit);
  if (!match) {
    throw new Error(`${RICH_SCHEMA_FILE}: provider_version_or_commit is not a release: ${rich.provider_version_or_commit}`);
  }
  const [, major, minor, patch] = match;
  return `~> ${major}.${minor}, >= ${major}.${minor}.${patch}`;
}

/** The resource types that get a binding module, besides the provider block. */
function bindingTypes(): string[] {
  const types: string[] | undefined = JSON.parse(readFileSync(TYPE_LIST_FILE, 'utf8')).tencentcloud?.bindings;
  if (!types || types.length === 0) {
    throw new Error(`${relative(ROOT, TYPE_LIST_FILE)}: tencentcloud.bindings lists no resource type`);
  }
  return [...types].sort();
}

/** The repository's schema, reduced to the provider block and the binding types. */
function schemaToBind(): Json {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  const provider = schema.provider_schemas[PROVIDER_ADDRESS];
  const types = bindingTypes();
  const missing = types.filter((type) => !(type in provider.resource_schemas));
  if (missing.length > 0) {
    throw new Error(`${relative(ROOT, SCHEMA_FILE)} lacks ${missing.join(', ')}: run npm run schemas -- --from <dir> to extract them`);
  }
  return {
    format_version: schema.format_version,
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: provider.provider,
        resource_schemas: Object.fromEntries(types.map((type) => [type, provider.resource_schemas[type]])),
        data_source_schemas: {},
      },
    },
  };
}

async function runGenerator(schema: Json, constraint: string, outdir: string): Promise<void> {
  // @cdktf/commons reports errors to HashiCorp's checkpoint service unless this is set.
  process.env.CHECKPOINT_DISABLE = '1';
  // @cdktf/commons runs `terraform version` when loaded, for the CLI's debug
  // output; the generator never reads the answer. A name no binary has keeps
  // a local Terraform (and its warnings about missing CLI configuration) out of it.
  process.env.TERRAFORM_BINARY_NAME = 'no-terraform-needed-for-bindings';
  const { CodeMaker } = await import('codemaker');
  const { TerraformProviderGenerator } = await import('@cdktf/provider-generator/lib/get/generator/provider-generator.js');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = await import('@cdktf/commons');
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema as any);
  const target = new ConstructsMakerProviderTarget(new TerraformProviderConstraint(`${PROVIDER_SOURCE}@${constraint}`), LANGUAGES[0]);
  generator.generate(target);
  await code.save(outdir);
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesBelow(path).map((file) => join(name, file)) : [name];
    });
}

function header(constraint: string): string {
  return [
    '// Generated by scripts/generate-tencentcloud-bindings.ts (cdktf TerraformProviderGenerator) from',
    `// test/fixtures/provider-schemas/tencentcloud.terraform-schema.json, for ${PROVIDER_SOURCE} ${constraint}.`,
    '// Do not edit: change the script or the schema and run `npm run generate:tencentcloud`.',
    '',
  ].join('\n');
}

/** Binding modules by path below the bindings directory. */
async function generate(): Promise<Map<string, string>> {
  const constraint = versionConstraint();
  const staging = mkdtempSync(join(tmpdir(), 'tencentcloud-bindings-'));
  try {
    await runGenerator(schemaToBind(), constraint, staging);
    const providerDir = join(staging, GENERATED_PROVIDER_DIR);
    const modules = new Map<string, string>();
    for (const file of filesBelow(providerDir)) {
      // A module per resource (`tcr-instance/index.ts`); the top-level barrels,
      // which load every module, and the registry doc links are left out.
      if (file.includes(sep) && file.endsWith('.ts')) {
        modules.set(file, header(constraint) + throughLayer(readFileSync(join(providerDir, file), 'utf8'), file));
      }
    }
    return modules;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A generated module with its cdktf import pointing at lib/terraform/cdktf.ts. */
function throughLayer(text: string, file: string): string {
  if ((text.match(CDKTF_IMPORT) ?? []).length !== 1) {
    throw new Error(`${file}: expected one import of cdktf as a namespace`);
  }
  return text.replace(CDKTF_IMPORT, LAYER_IMPORT);
}

/** Replaces the bindings directory; any other --out must be new or empty, so that nothing else is deleted. */
function write(modules: Map<string, string>, out: string): void {
  if (out === BINDINGS_DIR) {
    rmSync(out, { recursive: true, force: true });
  } else if (existsSync(out) && readdirSync(out).length > 0) {
    throw new Error(`--out ${out} is not empty`);
  }
  for (const [file, text] of modules) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), text);
  }
}

async function main(): Promise<void> {
  const { out } = parseArguments(process.argv.slice(2));
  const modules = await generate();
  write(modules, out);
  console.log(`${modules.size} files written to ${out.startsWith(ROOT) ? relative(ROOT, out) : out}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
