import { readFileSync } from 'fs';
import { join } from 'path';
import { EnvironmentProfile } from '../../lib';
import { BACKEND_CAPABILITIES } from '../../lib/core/backend-capabilities';
import { SettingSupport } from '../../lib/core/capabilities';

/** The README's capability matrix must say what the backends' tables say. */
describe('README capability matrix', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.split('<!-- capabilities:start -->')[1]?.split('<!-- capabilities:end -->')[0] ?? '';
  const [header, , ...rows] = table.trim().split('\n').map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  const CELL: Record<SettingSupport, string> = {
    [SettingSupport.ENFORCED]: 'enforced',
    [SettingSupport.UNSUPPORTED]: '**warns**',
    [SettingSupport.NOT_APPLICABLE]: 'n/a',
  };

  test('has a column per backend and a row per setting', () => {
    expect(header.slice(1)).toEqual(BACKEND_CAPABILITIES.map((b) => b.backend));
    expect(rows.map((row) => row[0])).toEqual(Object.keys(EnvironmentProfile.DEV.settings));
  });

  test.each(BACKEND_CAPABILITIES.map((b, index) => [b.backend, index] as const))('the %s column matches its table', (_, index) => {
    const backend = BACKEND_CAPABILITIES[index];
    for (const row of rows) {
      const setting = row[0] as keyof typeof backend.settings;
      expect(`${setting}=${row[index + 1]}`).toBe(`${setting}=${CELL[backend.settings[setting].support]}`);
    }
  });
});
