import { readdirSync } from 'fs';
import { join, relative, sep } from 'path';
import * as ts from 'typescript';

/*
 * The package's public API as its users see it in their editor: what each
 * entry point exports, the members of those declarations, their TSDoc, and
 * the types their signatures name.
 *
 * One program over every source file under lib/ with `noResolve`: imports
 * between our own files resolve (they are all root files), imports of
 * aws-cdk-lib, constructs and cdktf do not, so the program never parses
 * their typings (aws-cdk-lib's root index alone pulls in about 2,900 files
 * and takes over ten seconds to load). Nothing here needs those types: a
 * member inherited from aws-cdk-lib, constructs or cdktf is not declared in
 * our sources, so it is never walked, and a type from those packages is
 * public by definition.
 */

/** The package's entry points (package.json `exports`) and their source files. */
export const ENTRY_POINTS: { readonly [subpath: string]: string } = {
  '.': 'lib/index.ts',
  './aws': 'lib/aws/index.ts',
  './azure': 'lib/azure/index.ts',
  './tencentcloud': 'lib/tencentcloud/index.ts',
};

const ROOT = join(__dirname, '..', '..');

/** One exported name of an entry point, e.g. `class EcrRegistry` or `interface EcrRegistryProps`. */
export interface ExportedName {
  readonly name: string;
  /** `class`, `abstract class`, `interface`, `enum`, `const`, `function` or `type`. */
  readonly kind: string;
  /** Exported with `export type`: usable in type positions only (a class users may not construct). */
  readonly typeOnly: boolean;
  /** The declaring symbol (aliases resolved). */
  readonly symbol: ts.Symbol;
}

/** A declaration of the public API, for messages: `lib/aws/ecr/ecr-registry.ts: EcrRegistry.addRepository`. */
export interface PublicItem {
  readonly file: string;
  readonly path: string;
}

/** The public API of the package's sources. */
export class PublicApi {
  /** Builds the program; about a second. */
  public static load(): PublicApi {
    const roots = sourceFiles(join(ROOT, 'lib'));
    const program = ts.createProgram(roots, {
      noResolve: true,
      noLib: true,
      types: [],
      skipLibCheck: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
    });
    return new PublicApi(program);
  }

  private readonly checker: ts.TypeChecker;
  private readonly exportsByEntry = new Map<string, ExportedName[]>();

  private constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
    for (const [subpath, file] of Object.entries(ENTRY_POINTS)) {
      this.exportsByEntry.set(subpath, this.exportsOf(file));
    }
  }

  /** `<kind> <name>` of every export of `subpath`, sorted by name; `(type only)` marks classes exported with `export type`. */
  public exportedNames(subpath: string): string[] {
    return this.entry(subpath)
      .map((e) => `${e.kind} ${e.name}${e.typeOnly && e.kind.endsWith('class') ? ' (type only)' : ''}`);
  }

  /** Every exported declaration and every public or protected member of one that lacks a TSDoc summary. */
  public undocumented(): PublicItem[] {
    const missing: PublicItem[] = [];
    for (const item of this.walk()) {
      if (!this.hasDocumentation(item.symbol, item.node)) {
        missing.push(this.describe(item.node, item.path));
      }
    }
    return dedupe(missing);
  }

  /** Optional properties of exported interfaces whose TSDoc has no `@default` tag. */
  public optionalWithoutDefault(): PublicItem[] {
    const missing: PublicItem[] = [];
    for (const item of this.walk()) {
      const node = item.node;
      if (ts.isPropertySignature(node) && node.questionToken
        && !ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'default')) {
        missing.push(this.describe(node, item.path));
      }
    }
    return dedupe(missing);
  }

  /**
   * Types of this package that public signatures name (property and
   * parameter types, return types, base classes and interfaces) but no
   * entry point exports: a user would see a name they cannot import.
   */
  public unexportedTypesInSignatures(): Array<PublicItem & { readonly type: string }> {
    const exported = new Set<ts.Symbol>();
    for (const names of this.exportsByEntry.values()) {
      names.forEach((e) => exported.add(e.symbol));
    }
    const found: Array<PublicItem & { readonly type: string }> = [];
    for (const item of this.walk()) {
      for (const reference of this.typeReferences(item.node, item.skipConstructor)) {
        const symbol = this.resolve(this.checker.getSymbolAtLocation(
          ts.isTypeReferenceNode(reference) ? reference.typeName : reference.expression));
        const declaration = symbol?.declarations?.[0];
        if (!symbol || !declaration || !this.isOurs(declaration.getSourceFile()) || exported.has(symbol)) {
          continue;
        }
        if (declaration.kind === ts.SyntaxKind.TypeParameter) {
          continue;
        }
        found.push({ ...this.describe(item.node, item.path), type: symbol.name });
      }
    }
    return dedupeBy(found, (f) => `${f.file}:${f.path}:${f.type}`);
  }

  /** The names of the interfaces an exported interface extends, as written (`IConstruct`, `IResource`, ...). */
  public baseInterfaces(symbol: ts.Symbol): string[] {
    return (symbol.declarations ?? []).filter(ts.isInterfaceDeclaration)
      .flatMap((declaration) => declaration.heritageClauses ?? [])
      .flatMap((clause) => clause.types.map((type) => type.expression.getText()));
  }

  /** The source of an exported declaration, for messages. */
  public fileOf(symbol: ts.Symbol): string {
    return relative(ROOT, symbol.declarations![0].getSourceFile().fileName).split(sep).join('/');
  }

  /** The exports of `subpath`. */
  public entry(subpath: string): ExportedName[] {
    const names = this.exportsByEntry.get(subpath);
    if (!names) {
      throw new Error(`no entry point ${subpath}`);
    }
    return names;
  }

  private exportsOf(file: string): ExportedName[] {
    const source = this.program.getSourceFile(join(ROOT, file));
    const moduleSymbol = source && this.checker.getSymbolAtLocation(source);
    if (!moduleSymbol) {
      throw new Error(`${file} is not a module`);
    }
    return this.checker.getExportsOfModule(moduleSymbol).map((exported): ExportedName => {
      const symbol = this.resolve(exported)!;
      return { name: exported.name, kind: kindOf(symbol), typeOnly: isTypeOnlyExport(exported), symbol };
    }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every exported declaration and its public members, once each (an export of two entry points is one declaration). */
  private *walk(): Generator<{ node: ts.Node; symbol: ts.Symbol | undefined; path: string; skipConstructor: boolean }> {
    const seen = new Set<ts.Symbol>();
    for (const names of this.exportsByEntry.values()) {
      for (const exported of names) {
        if (seen.has(exported.symbol)) {
          continue;
        }
        seen.add(exported.symbol);
        for (const declaration of exported.symbol.declarations ?? []) {
          const skipConstructor = exported.typeOnly;
          yield { node: declaration, symbol: exported.symbol, path: exported.symbol.name, skipConstructor };
          for (const member of publicMembers(declaration)) {
            if (skipConstructor && ts.isConstructorDeclaration(member)) {
              continue;
            }
            const name = ts.isConstructorDeclaration(member) ? 'constructor' : (member as ts.NamedDeclaration).name?.getText() ?? '(anonymous)';
            yield { node: member, symbol: this.symbolOf(member), path: `${exported.symbol.name}.${name}`, skipConstructor };
          }
        }
      }
    }
  }

  private symbolOf(node: ts.Node): ts.Symbol | undefined {
    const name = (node as ts.NamedDeclaration).name;
    return name ? this.checker.getSymbolAtLocation(name) : undefined;
  }

  private hasDocumentation(symbol: ts.Symbol | undefined, node: ts.Node): boolean {
    if (ts.isConstructorDeclaration(node)) {
      // Constructors are documented by their class and its props, as in aws-cdk-lib.
      return true;
    }
    // The symbol's documentation includes what a member inherits from a base
    // class or interface of ours (editors show that too).
    const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(this.checker)) : '';
    if (text.trim() !== '') {
      return true;
    }
    return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && ts.getTextOfJSDocComment(doc.comment)?.trim());
  }

  /** Type references in the public signature of `node` (not in bodies or initializers). */
  private typeReferences(node: ts.Node, skipConstructor: boolean): Array<ts.TypeReferenceNode | ts.ExpressionWithTypeArguments> {
    const found: Array<ts.TypeReferenceNode | ts.ExpressionWithTypeArguments> = [];
    const visitType = (type: ts.Node | undefined): void => {
      if (!type) {
        return;
      }
      if (ts.isTypeReferenceNode(type) || ts.isExpressionWithTypeArguments(type)) {
        found.push(type);
      }
      ts.forEachChild(type, (child) => {
        if (ts.isTypeNode(child) || ts.isExpressionWithTypeArguments(child) || ts.isParameter(child) || ts.isTypeElement(child)) {
          visitType(child);
        }
      });
    };
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      for (const clause of node.heritageClauses ?? []) {
        clause.types.forEach(visitType);
      }
    } else if (ts.isPropertyDeclaration(node) || ts.isPropertySignature(node) || ts.isGetAccessorDeclaration(node)) {
      visitType(node.type);
    } else if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node) || ts.isFunctionDeclaration(node)
      || (ts.isConstructorDeclaration(node) && !skipConstructor)) {
      node.parameters.forEach((parameter) => visitType(parameter.type));
      visitType(node.type);
    } else if (ts.isVariableDeclaration(node)) {
      visitType(node.type);
    } else if (ts.isSetAccessorDeclaration(node)) {
      node.parameters.forEach((parameter) => visitType(parameter.type));
    }
    return found;
  }

  private resolve(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      const target = this.checker.getAliasedSymbol(symbol);
      // An import of an unresolved package (aws-cdk-lib, cdktf) stays an unknown symbol.
      return target.declarations?.length ? target : undefined;
    }
    return symbol;
  }

  private isOurs(file: ts.SourceFile): boolean {
    return !file.fileName.includes(`${sep}node_modules${sep}`) && file.fileName.startsWith(join(ROOT, 'lib'));
  }

  private describe(node: ts.Node, path: string): PublicItem {
    return { file: relative(ROOT, node.getSourceFile().fileName).split(sep).join('/'), path };
  }
}

/** Public and protected members of a class, interface or enum, without those marked `@internal` (stripped from the typings). */
function publicMembers(declaration: ts.Declaration): ts.Node[] {
  let members: readonly ts.Node[] = [];
  if (ts.isClassDeclaration(declaration)) {
    members = declaration.members.filter((member) => {
      const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
      if (flags & ts.ModifierFlags.Private || (member as ts.NamedDeclaration).name?.kind === ts.SyntaxKind.PrivateIdentifier) {
        return false;
      }
      if (ts.isConstructorDeclaration(member)) {
        return !(flags & ts.ModifierFlags.Private);
      }
      return ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)
        || ts.isSetAccessorDeclaration(member);
    });
  } else if (ts.isInterfaceDeclaration(declaration)) {
    members = declaration.members.filter((member) => ts.isPropertySignature(member) || ts.isMethodSignature(member));
  } else if (ts.isEnumDeclaration(declaration)) {
    members = declaration.members;
  }
  return members.filter((member) => !isInternal(member));
}

function isInternal(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
}

function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((declaration) => ts.isExportSpecifier(declaration)
    && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly));
}

function kindOf(symbol: ts.Symbol): string {
  const declaration = symbol.declarations?.[0];
  if (!declaration) {
    return 'unknown';
  }
  if (ts.isClassDeclaration(declaration)) {
    return ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract ? 'abstract class' : 'class';
  }
  if (ts.isInterfaceDeclaration(declaration)) {
    return 'interface';
  }
  if (ts.isEnumDeclaration(declaration)) {
    return 'enum';
  }
  if (ts.isFunctionDeclaration(declaration)) {
    return 'function';
  }
  if (ts.isVariableDeclaration(declaration)) {
    return 'const';
  }
  if (ts.isTypeAliasDeclaration(declaration)) {
    return 'type';
  }
  return ts.SyntaxKind[declaration.kind];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  }).sort();
}

function dedupe(items: PublicItem[]): PublicItem[] {
  return dedupeBy(items, (item) => `${item.file}:${item.path}`);
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}
