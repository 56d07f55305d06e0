/*
 * Copies the part of the tencentcloud provider schema that the library uses
 * into the repository, so that a clone works without the folder the full
 * schema came from:
 *
 *   test/fixtures/provider-schemas/tencentcloud.json
 *     the rich format (required/optional/computed, ForceNew, allowed values,
 *     ranges), read by the schema-conformance tests;
 *   test/fixtures/provider-schemas/tencentcloud.terraform-schema.json
 *     the format `terraform providers schema -json` prints, read by
 *     scripts/generate-tencentcloud-bindings.ts.
 *
 *   npm run extract:tencentcloud-schema -- --from <dir> [--replace] [type ...]
 *
 * <dir> holds `tencentcloud.schema.json` and
 * `tencentcloud.terraform-schema.json` (the full extraction from the
 * provider's Go source). A type is a resource type such as
 * `tencentcloud_tcr_instance`, or `data.<type>` for a data source. The types
 * already in the fixtures are kept unless --replace is given, so two
 * branches that extracted different lists merge by re-running this with the
 * other branch's list. The provider block's schema is always copied.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'provider-schemas');
const RICH_FILE = 'tencentcloud.json';
const TERRAFORM_FILE = 'tencentcloud.terraform-schema.json';
const SOURCE_RICH_FILE = 'tencentcloud.schema.json';
const SOURCE_TERRAFORM_FILE = 'tencentcloud.terraform-schema.json';
const PROVIDER_ADDRESS = 'registry.terraform.io/tencentcloudstack/tencentcloud';
const DATA_PREFIX = 'data.';

type Json = Record<string, any>;

interface Selection {
  readonly resources: string[];
  readonly dataSources: string[];
}

function parseArguments(argv: string[]): { from: string; replace: boolean; types: string[] } {
  let from: string | undefined;
  let replace = false;
  const types: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') {
      from = argv[++i];
    } else if (argv[i] === '--replace') {
      replace = true;
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      types.push(argv[i]);
    }
  }
  if (!from) {
    throw new Error('--from <dir> is required: the folder holding tencentcloud.schema.json and tencentcloud.terraform-schema.json');
  }
  return { from, replace, types };
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The types the fixtures hold now, as `type` and `data.type` names. */
function typesInFixture(): string[] {
  let rich: Json;
  try {
    rich = readJson(join(FIXTURES, RICH_FILE));
  } catch {
    return [];
  }
  return [...Object.keys(rich.resources ?? {}), ...Object.keys(rich.data_sources ?? {}).map((type) => DATA_PREFIX + type)];
}

function select(types: string[]): Selection {
  const unique = [...new Set(types)].sort();
  return {
    resources: unique.filter((type) => !type.startsWith(DATA_PREFIX)),
    dataSources: unique.filter((type) => type.startsWith(DATA_PREFIX)).map((type) => type.slice(DATA_PREFIX.length)),
  };
}

/** `names` taken from `from` in the given order; a name `from` lacks is an error naming the file. */
function pick(from: Json, names: string[], what: string, file: string): Json {
  const missing = names.filter((name) => !(name in from));
  if (missing.length > 0) {
    throw new Error(`${file} has no ${what} ${missing.join(', ')}`);
  }
  return Object.fromEntries(names.map((name) => [name, from[name]]));
}

function provenance(source: Json): string {
  return (
    `Subset of the tencentcloud provider schema read from ${source.provider_repo} ` +
    `${source.provider_version_or_commit}; copied by scripts/extract-tencentcloud-schema.ts ` +
    '(re-run it with more types to extend this file, see its header).'
  );
}

function richSubset(source: Json, selection: Selection): Json {
  const resources = pick(source.resources, selection.resources, 'resource', SOURCE_RICH_FILE);
  const dataSources = pick(source.data_sources, selection.dataSources, 'data source', SOURCE_RICH_FILE);
  const subset: Json = { provenance: provenance(source) };
  for (const [key, value] of Object.entries(source)) {
    if (key === 'resources') {
      subset.resources = resources;
    } else if (key === 'data_sources') {
      subset.data_sources = dataSources;
    } else if (key === 'stats') {
      // The source's counts describe the full extraction; these describe this file.
      subset.stats = { resources: selection.resources.length, data_sources: selection.dataSources.length };
    } else {
      subset[key] = value;
    }
  }
  return subset;
}

function terraformSubset(source: Json, selection: Selection, note: string): Json {
  const provider = source.provider_schemas?.[PROVIDER_ADDRESS];
  if (!provider) {
    throw new Error(`${SOURCE_TERRAFORM_FILE} has no provider ${PROVIDER_ADDRESS}`);
  }
  return {
    provenance: note,
    format_version: source.format_version,
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: provider.provider,
        resource_schemas: pick(provider.resource_schemas, selection.resources, 'resource', SOURCE_TERRAFORM_FILE),
        data_source_schemas: pick(provider.data_source_schemas ?? {}, selection.dataSources, 'data source', SOURCE_TERRAFORM_FILE),
      },
    },
  };
}

function writeJson(path: string, value: Json): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function main(): void {
  const { from, replace, types } = parseArguments(process.argv.slice(2));
  const selection = select(replace ? types : [...typesInFixture(), ...types]);
  if (selection.resources.length + selection.dataSources.length === 0) {
    throw new Error('no types to extract: name resource types (or data.<type> for data sources)');
  }
  const richSource = readJson(join(from, SOURCE_RICH_FILE));
  const rich = richSubset(richSource, selection);
  const terraform = terraformSubset(readJson(join(from, SOURCE_TERRAFORM_FILE)), selection, rich.provenance);
  mkdirSync(FIXTURES, { recursive: true });
  writeJson(join(FIXTURES, RICH_FILE), rich);
  writeJson(join(FIXTURES, TERRAFORM_FILE), terraform);
  console.log(`${selection.resources.length} resources and ${selection.dataSources.length} data sources written to ${FIXTURES}`);
}

main();
