import { readFileSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';
import { FIXTURES } from './fixtures';

/*
 * Turns every TypeScript block of the documentation into a module under
 * test/readme/generated/, so that the project's one type-check (`npm run typecheck`) checks
 * them against the package sources, and the snippet test runs those that are
 * whole programs. `npx tsx test/readme/snippets.ts` rewrites the modules; the
 * test fails while they are stale.
 */

const ROOT = join(__dirname, '..', '..');
/** The documents whose TypeScript blocks are checked. */
export const DOCUMENTS = ['README.md', 'docs/distribution-config.md'];
export const GENERATED_DIR = join(__dirname, 'generated');
const PACKAGE = 'env-container-registries';
const DIRECTIVE = /^<!--\s*snippet:\s*([\w-]+)\s*-->$/;

/** One TypeScript block of a document. */
export interface Snippet {
  /** The module's file name, e.g. `readme-03.ts`. */
  readonly file: string;
  readonly document: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly fixture: string;
  readonly code: string;
}

/** Every TypeScript block of `document`, with the fixture its directive names. */
export function snippetsOf(document: string): Snippet[] {
  const lines = readFileSync(join(ROOT, document), 'utf8').split('\n');
  const stem = document.replace(/^.*\//, '').replace(/\.md$/, '').toLowerCase();
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) {
      continue;
    }
    const end = lines.indexOf('```', i + 1);
    if (end < 0) {
      throw new Error(`${document}:${i + 1}: unclosed code block`);
    }
    let previous = i - 1;
    while (previous >= 0 && lines[previous].trim() === '') previous--;
    const fixture = DIRECTIVE.exec(lines[previous]?.trim() ?? '')?.[1] ?? 'complete';
    if (!(fixture in FIXTURES)) {
      throw new Error(`${document}:${previous + 1}: unknown snippet fixture "${fixture}" (known: ${Object.keys(FIXTURES).join(', ')})`);
    }
    const number = String(snippets.length + 1).padStart(2, '0');
    snippets.push({ file: `${stem}-${number}${FIXTURES[fixture].jestTest ? '.test' : ''}.ts`, document, line: i + 1, fixture, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return snippets;
}

/** The module generated for `snippet`. */
export function moduleOf(snippet: Snippet): string {
  const fixture = FIXTURES[snippet.fixture];
  const body = `${fixture.preamble}${snippet.code}\n`.replace(
    new RegExp(`(from\\s+')${PACKAGE}((?:/[\\w-]+)?)'`, 'g'),
    (_, from: string, subpath: string) => `${from}${relative(GENERATED_DIR, join(ROOT, 'lib', subpath)).split('\\').join('/')}'`,
  );
  // Export every top-level name, so that a name the snippet only shows
  // (an import, a `const qa`) is not an unused local for tsc.
  const names = topLevelNames(body);
  return [
    `// Generated from a block of ${snippet.document} (fixture "${snippet.fixture}") by test/readme/snippets.ts: do not edit.`,
    body.trimEnd(),
    names.length > 0 ? `export { ${names.join(', ')} };` : 'export {};',
    '',
  ].join('\n');
}

function topLevelNames(code: string): string[] {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) {
      names.push(name.text);
    } else {
      name.elements.forEach((element) => ts.isBindingElement(element) && bind(element.name));
    }
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.push(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((element) => names.push(element.name.text));
    } else if (ts.isVariableStatement(statement)) {
      statement.declarationList.declarations.forEach((declaration) => bind(declaration.name));
    } else if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isInterfaceDeclaration(statement)) && statement.name) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** Every snippet of every document, with its generated module. */
export function allSnippets(): Array<Snippet & { module: string }> {
  return DOCUMENTS.flatMap(snippetsOf).map((snippet) => ({ ...snippet, module: moduleOf(snippet) }));
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mkdirSync, readdirSync, rmSync, writeFileSync } = require('fs') as typeof import('fs');
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const stale of readdirSync(GENERATED_DIR).filter((name) => name.endsWith('.ts'))) rmSync(join(GENERATED_DIR, stale));
  for (const snippet of allSnippets()) writeFileSync(join(GENERATED_DIR, snippet.file), snippet.module);
  console.log(`wrote ${readdirSync(GENERATED_DIR).filter((name) => name.endsWith('.ts')).length} snippet modules to ${relative(ROOT, GENERATED_DIR)}`);
}
