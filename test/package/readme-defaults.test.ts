import { readFileSync } from 'fs';
import { join } from 'path';
import { EnvironmentProfile, ProfileSettings } from '../../lib';

/** The README's table of profile defaults must say what the code does. */
describe('README profile defaults table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.split('<!-- profile-defaults:start -->')[1]?.split('<!-- profile-defaults:end -->')[0] ?? '';
  const rows = table.trim().split('\n').slice(2).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

  const render = (value: unknown): string => (Array.isArray(value) ? (value.length ? value.join(', ') : '(none)') : String(value));

  test('lists every setting once', () => {
    expect(rows.map((row) => row[0]).sort()).toEqual(Object.keys(EnvironmentProfile.DEV.settings).sort());
  });

  test.each(['dev', 'test', 'prod'])('the %s column matches the profile', (name) => {
    const column = ['dev', 'test', 'prod'].indexOf(name) + 1;
    const settings = EnvironmentProfile.named(name).settings;
    for (const row of rows) {
      expect(`${row[0]}=${row[column]}`).toBe(`${row[0]}=${render(settings[row[0] as keyof ProfileSettings])}`);
    }
  });
});
