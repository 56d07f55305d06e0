/** The documentation keys (`description`, `note`) found in argument and block schemas, by path. */
export function documentationKeys(node: unknown, path: string = ''): string[] {
  if (node === null || typeof node !== 'object') {
    return [];
  }
  const record = node as Record<string, unknown>;
  const own = ['description', 'note'].filter((key) => key in record && typeof record[key] === 'string').map((key) => `${path}.${key}`);
  const children = ['attributes', 'blocks'].flatMap((map) => Object.entries((record[map] ?? {}) as Record<string, unknown>)
    .flatMap(([name, schema]) => documentationKeys(schema, `${path}.${map}.${name}`)));
  return [...own, ...children];
}
