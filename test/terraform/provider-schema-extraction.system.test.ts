import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { documentationKeys } from './documentation-keys';

/* The extraction script, run as `npm run schemas` runs it: in a process of its own. */
const root = join(__dirname, '..', '..');

describe('scripts/extract-provider-schemas.ts', () => {
  const source = mkdtempSync(join(tmpdir(), 'schema-source-'));
  const target = mkdtempSync(join(tmpdir(), 'schema-fixtures-'));
  const attribute = (type: string, extra: object = {}) => ({ type, required: false, optional: true, computed: false, description: 'words', ...extra });
  writeFileSync(join(source, 'acme.schema.json'), JSON.stringify({
    provider_name: 'acme',
    provider_source: 'acme/acme',
    provider_repo: 'github.com/acme/terraform-provider-acme',
    provider_version_or_commit: 'v1.2.3 (0123456789012345678901234567890123456789)',
    resource_meta_arguments: ['count'],
    data_meta_arguments: ['count'],
    provider_meta_arguments: ['alias'],
    provider: { attributes: { region: attribute('TypeString') }, blocks: {} },
    resources: {
      acme_widget: {
        source: 'widget.go',
        attributes: {
          size: attribute('TypeInt', { validate: { func: 'validation.IntBetween', args: [1, 9], range: [1, 9] } }),
          // Arguments may carry the names of documentation keys.
          description: attribute('TypeString'),
          note: attribute('TypeString'),
        },
        blocks: { description: { nesting: 'list', attributes: { text: attribute('TypeString') }, blocks: {}, description: 'a block' } },
      },
      acme_widget_part: { attributes: { name: attribute('TypeString', { note: 'a note' }) }, blocks: {} },
      acme_gadget: { attributes: {}, blocks: {} },
    },
    data_sources: { acme_account: { attributes: {}, blocks: {} } },
    all_resource_types: ['acme_widget', 'acme_widget_part', 'acme_gadget', 'acme_unread'],
  }));
  writeFileSync(join(target, 'resources.json'), JSON.stringify({ acme: { resources: ['acme_widget*'], data_sources: [] } }));

  function run(...args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'extract-provider-schemas.ts'), '--from', source, '--fixtures', target, ...args],
      { cwd: root, encoding: 'utf8' });
  }

  test('extracts the listed types (prefix patterns too) without documentation, and --add appends to the list', () => {
    const result = run('--add', 'acme_gadget', '--add-data', 'acme_account');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const fixture = JSON.parse(readFileSync(join(target, 'acme.json'), 'utf8'));
    expect(Object.keys(fixture.resources)).toEqual(['acme_gadget', 'acme_widget', 'acme_widget_part']);
    expect(Object.keys(fixture.data_sources)).toEqual(['acme_account']);
    expect(fixture.resources.acme_widget.attributes.size).toEqual({
      type: 'TypeInt', required: false, optional: true, computed: false, validate: { func: 'validation.IntBetween', range: [1, 9] },
    });
    expect(fixture.resources.acme_widget.source).toBe('widget.go');
    expect(Object.keys(fixture.resources.acme_widget.attributes)).toEqual(['description', 'note', 'size']);
    expect(fixture.resources.acme_widget.attributes.description).toEqual({ type: 'TypeString', required: false, optional: true, computed: false });
    expect(fixture.resources.acme_widget.blocks.description).toEqual({
      nesting: 'list', attributes: { text: { type: 'TypeString', required: false, optional: true, computed: false } }, blocks: {},
    });
    expect(documentationKeys(fixture.provider, 'provider')).toEqual([]);
    expect(Object.entries(fixture.resources).flatMap(([type, resource]) => documentationKeys(resource, type))).toEqual([]);
    expect(fixture.provenance.note).toContain('github.com/acme/terraform-provider-acme at v1.2.3');
    expect(JSON.parse(readFileSync(join(target, 'resources.json'), 'utf8'))).toEqual({
      acme: { resources: ['acme_widget*', 'acme_gadget'], data_sources: ['acme_account'] },
    });
  });

  test('writes the terraform-schema subset of the binding types, with their descriptions, and --add-binding extracts the type too', () => {
    const block = (description: string) => ({ block: { attributes: { size: { type: 'number', optional: true, description } } } });
    writeFileSync(join(source, 'acme.terraform-schema.json'), JSON.stringify({
      format_version: '1.0',
      provider_schemas: {
        'registry.terraform.io/acme/acme': {
          provider: block('the provider'),
          resource_schemas: { acme_widget: block('a widget'), acme_gadget: block('a gadget'), acme_widget_part: block('a part') },
          data_source_schemas: {},
        },
      },
    }));
    const result = run('--add-binding', 'acme_widget', 'acme_gadget');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const subset = JSON.parse(readFileSync(join(target, 'acme.terraform-schema.json'), 'utf8'));
    expect(subset.format_version).toBe('1.0');
    expect(subset.provenance).toContain('github.com/acme/terraform-provider-acme v1.2.3');
    const provider = subset.provider_schemas['registry.terraform.io/acme/acme'];
    expect(Object.keys(provider.resource_schemas)).toEqual(['acme_gadget', 'acme_widget']);
    expect(provider.resource_schemas.acme_widget.block.attributes.size.description).toBe('a widget');
    expect(provider.provider).toEqual(block('the provider'));
    const list = JSON.parse(readFileSync(join(target, 'resources.json'), 'utf8'));
    expect(list.acme.bindings).toEqual(['acme_widget', 'acme_gadget']);
    // acme_widget was already taken by acme_widget*, acme_gadget by the first test's --add.
    expect(list.acme.resources).toEqual(['acme_widget*', 'acme_gadget']);
  });

  test('refuses a binding the source\'s terraform-schema file lacks, and leaves the fixture as it was', () => {
    const before = readFileSync(join(target, 'acme.terraform-schema.json'), 'utf8');
    writeFileSync(join(source, 'acme.terraform-schema.json'), JSON.stringify({
      format_version: '1.0', provider_schemas: { 'registry.terraform.io/acme/acme': { provider: {}, resource_schemas: { acme_gadget: {} }, data_source_schemas: {} } },
    }));
    const result = run();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('no resource acme_widget');
    expect(readFileSync(join(target, 'acme.terraform-schema.json'), 'utf8')).toBe(before);
  });

  test('refuses a type the source does not hold, and says whether the provider has it', () => {
    const unread = run('--add', 'acme_unread');
    expect(unread.status).not.toBe(0);
    expect(unread.stderr).toContain('acme_unread: not in');
    expect(unread.stderr).toContain('the provider has it');
    const unknown = run('--add', 'acme_nothing');
    expect(unknown.stderr).toContain('the provider has no such type');
    // A failed run leaves the list as it was.
    expect(JSON.parse(readFileSync(join(target, 'resources.json'), 'utf8')).acme.resources).not.toContain('acme_nothing');
  });
});
