/**
 * What of a template a Control Tower rule file reads besides the resources
 * it selects: nothing else; the resources they refer to, which it looks up
 * by logical id (`%doc.Resources[ keys == %id ]`); or anything.
 */
export type RuleReads = 'selected' | 'references' | 'template';

/** Which templates a Control Tower rule file can report on, and what of them it reads. */
export interface RuleScope {
  /**
   * The resource types the file selects (`Resources.*[ Type == ... ]`) or
   * takes as a hook's input. Each of its rules runs only when the template
   * holds a resource of one of them, so elsewhere the file finds nothing.
   */
  readonly types: ReadonlySet<string>;
  /** What of a template holding one of `types` the file reads. */
  readonly reads: RuleReads;
}

const TYPE = String.raw`AWS::[A-Za-z0-9]+::[A-Za-z0-9]+`;
const CONSTANT = new RegExp(String.raw`^let\s+(\w+)\s*=\s*(["'])(${TYPE})\2[ \t]*$`, 'gm');
const SELECTION = /^let\s+(\w+)\s*=\s*Resources(?:\.\*)?\s*\[\s*(Type\s*==\s*%\w+(?:\s+or\s+Type\s*==\s*%\w+)*)\s*\][ \t]*$/gm;
const INPUT_DOCUMENT = /^let\s+INPUT_DOCUMENT\s*=\s*this[ \t]*$/gm;
const RULE = /^[ \t]*rule\s+(\w+)\s*(?:\(([^)]*)\))?\s*(?:when\s+([^{]*))?\{/gm;
/** A `let` on one line, or of a list over several: it binds a value or a query and reports nothing itself. */
const LET = /^[ \t]*let\s+\w+\s*=\s*(?:\[[^\]]*\]|.*)[ \t]*$/gm;
/** The two helpers every Control Tower rule file defines, whitespace collapsed (parameter names vary). */
const IS_CFN_TEMPLATE = /^rule is_cfn_template\((\w+)\) \{ %\1 \{ AWSTemplateFormatVersion exists or Resources exists \} \}$/;
const IS_CFN_HOOK = /^rule is_cfn_hook\((\w+), (\w+)\) \{ %\1\.%\2\.resourceProperties exists \}$/;

/**
 * The scope of a Control Tower rule file (cfn-guard), or `undefined` when
 * its rules do not have the shape every bundled file has: each rule that
 * cfn-guard evaluates on its own (one without parameters) runs
 * `when is_cfn_template(%INPUT_DOCUMENT)` and `%selection not empty`, or
 * `when is_cfn_hook(%INPUT_DOCUMENT, %TYPE)`, with the two standard helpers
 * of those names, where `%selection` is a `let` of
 * `Resources.*[ Type == %TYPE or ... ]` and `%TYPE` one of `"AWS::..."`.
 *
 * Such a file reads only what it selects when those rules hand their
 * selection (or the hook's input) to a helper rule, and no query in the
 * helpers starts from the document (`reachesDocument`) or names
 * `INPUT_DOCUMENT`. It reads what they refer to as well when the document
 * only goes, as an argument, down to rules that look a resource up by an
 * id (`let found = %doc.Resources[ keys == %id ]`). Anything else reads the
 * whole template. Comments and multi-line custom messages are left out;
 * what this reading cannot place errs toward reading more.
 */
export function ruleScope(text: string): RuleScope | undefined {
  const code = text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n').replace(/<<[ \t]*\n[\s\S]*?\n[ \t]*>>/g, '');
  const constants = new Map([...code.matchAll(CONSTANT)].map((m) => [m[1], m[3]]));
  const selections = new Map<string, string[]>();
  for (const m of code.matchAll(SELECTION)) {
    const types = [...m[2].matchAll(/%(\w+)/g)].map((name) => constants.get(name[1]));
    if (types.some((type) => type === undefined)) {
      return undefined;
    }
    selections.set(m[1], types as string[]);
  }
  const doc = new RegExp(INPUT_DOCUMENT.source, 'm').test(code) ? '(?:%INPUT_DOCUMENT|this)' : 'this';
  const all = rules(code);
  if (all.some((rule) => rule === undefined)) {
    return undefined;
  }
  // Anything at the top of the file but rules and lets (a clause, a `when`
  // block) runs on every template, whatever it holds.
  const outsideRules = (all as Rule[]).reduce((left, rule) => left.replace(rule.text, ''), code).replace(SELECTION, '').replace(LET, '');
  if (outsideRules.trim() !== '') {
    return undefined;
  }
  const types = new Set([...selections.values()].flat());
  let bodiesRead: RuleReads = 'selected';
  let hooks = false;
  let rest = code;
  for (const rule of all as Rule[]) {
    if (rule.parameters !== undefined) {
      if (IS_CFN_TEMPLATE.test(collapse(rule.text)) || IS_CFN_HOOK.test(collapse(rule.text))) {
        rest = rest.replace(rule.text, '');
      }
      continue;
    }
    const when = collapse(rule.when ?? '');
    const body = collapse(rule.body);
    const selection = new RegExp(String.raw`^is_cfn_template\(${doc}\) %(\w+) not empty$`).exec(when);
    const hook = new RegExp(String.raw`^is_cfn_hook\(${doc}, %(\w+)\)$`).exec(when);
    let handsOn: RegExp;
    if (selection && selections.has(selection[1])) {
      handsOn = new RegExp(String.raw`^\w+\(%${selection[1]}(\.\w+)*\)$`);
    } else if (hook && constants.has(hook[1])) {
      hooks = true;
      types.add(constants.get(hook[1])!);
      handsOn = new RegExp(String.raw`^\w+\(${doc}\.%${hook[1]}(\.\w+)*\)$`);
    } else {
      return undefined;
    }
    if (!handsOn.test(body)) {
      bodiesRead = 'template';
    }
    rest = rest.replace(rule.text, '');
  }
  // The gates must be the standard helpers: what they read is not checked below.
  const standard = (helper: RegExp) => all.some((rule) => helper.test(collapse(rule!.text)));
  if (types.size === 0 || !standard(IS_CFN_TEMPLATE) || (hooks && !standard(IS_CFN_HOOK))) {
    return undefined;
  }
  rest = rest.replace(CONSTANT, '').replace(SELECTION, '').replace(INPUT_DOCUMENT, '');
  return { types, reads: bodiesRead === 'template' ? 'template' : helpersRead(rest) };
}

/** What the helper rules (and other `let`s) of a file read. */
function helpersRead(rest: string): RuleReads {
  if (!reachesDocument(rest) && !/\bINPUT_DOCUMENT\b/.test(rest)) {
    return 'selected';
  }
  // The document may only be passed on, down to rules that look a resource up by an id.
  const helpers = rules(rest) as Rule[];
  const documents = documentParameters(helpers);
  if (documents === undefined) {
    return 'template';
  }
  const onlyPassed = helpers.every((rule) => [...documents.get(rule.name) ?? []].every((name) => {
    const uses = [...rule.body.matchAll(new RegExp(String.raw`%${name}\b(?!\s*[,)])`, 'g'))].length;
    const lookups = [...rule.body.matchAll(/^\s*let\s+\w+\s*=\s*%(\w+)\.Resources\[\s*keys\s*==\s*%\w+\s*\][ \t]*$/gm)].filter((m) => m[1] === name).length;
    return uses === lookups;
  }));
  return onlyPassed && !reachesDocument(rest) && !/%INPUT_DOCUMENT\b(?!\s*[,)])/.test(rest) ? 'references' : 'template';
}

/**
 * Whether a query starts from the document: `this`, `Resources` or `*`
 * where the context is the document, i.e. at the top of the file or of a
 * rule, or in a `when` block there, rather than in a filter or in a block
 * over a variable or a property (what `blockOverValue` cannot tell counts
 * as the document's).
 */
function reachesDocument(code: string): boolean {
  const atDocument: boolean[] = [];
  const blocks: boolean[] = [];
  let brackets = 0;
  let statement = 0;
  for (let i = 0; i < code.length; i++) {
    atDocument.push(brackets === 0 && blocks.every((overValue) => !overValue));
    const c = code[i];
    if (c === '{') {
      blocks.push(blockOverValue(code.slice(statement, i)));
    } else if (c === '}') {
      blocks.pop();
    }
    if (c === '{' || c === '}') {
      statement = i + 1;
    }
    brackets += c === '[' ? 1 : c === ']' ? -1 : 0;
  }
  return [...code.matchAll(/(?<![\w.%])(this|Resources)\b|(?<=^|[\s(,])\*/gm)].some((m) => atDocument[m.index!]);
}

/**
 * Whether the block opened after `header` (the code since the last brace)
 * rebinds the context to a value: `%variable {`, `Property {`,
 * `some %variable[*] {`, also after a multi-line filter; not `when ... {`
 * (which keeps it) nor a rule's own braces.
 */
function blockOverValue(header: string): boolean {
  let brackets = 0;
  const starts: string[] = [];
  for (const line of header.split('\n')) {
    if (brackets === 0 && line.trim() !== '') {
      starts.push(line.trim());
    }
    brackets += (line.match(/\[/g) ?? []).length - (line.match(/\]/g) ?? []).length;
  }
  if (starts.length === 0 || starts.some((start) => /^(when|rule)\b/.test(start))) {
    return false;
  }
  const query = starts[starts.length - 1].replace(/^((or|and|OR|AND|not|some)\s+)+/, '');
  return /^(%\w|["']|[A-Za-z_])/.test(query) && !/^(this|Resources)\b/.test(query);
}

/**
 * For each rule, the names of its parameters that receive the document:
 * `%INPUT_DOCUMENT` passed to it, or such a parameter of its caller
 * (`undefined` if the document goes to anything but a rule of the file).
 */
function documentParameters(helpers: readonly Rule[]): Map<string, Set<string>> | undefined {
  const documents = new Map<string, Set<string>>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const rule of helpers) {
      const names = new Set(['INPUT_DOCUMENT', ...documents.get(rule.name) ?? []]);
      for (const call of rule.body.matchAll(/(\w+)\(([^()]*)\)/g)) {
        const callee = helpers.find((other) => other.name === call[1]);
        for (const [index, argument] of call[2].split(',').entries()) {
          const passed = /^%(\w+)$/.exec(argument.trim());
          if (!passed || !names.has(passed[1])) {
            continue;
          }
          const parameter = callee?.parameters?.split(',')[index]?.trim();
          if (parameter === undefined) {
            return undefined;
          }
          if (!documents.get(callee!.name)?.has(parameter)) {
            documents.set(callee!.name, new Set([...documents.get(callee!.name) ?? [], parameter]));
            changed = true;
          }
        }
      }
    }
  }
  return documents;
}

interface Rule {
  readonly name: string;
  readonly text: string;
  readonly parameters?: string;
  readonly when?: string;
  readonly body: string;
}

/** The rules of the code (`undefined` for one whose braces do not close). */
function rules(code: string): Array<Rule | undefined> {
  return [...code.matchAll(RULE)].map((m) => {
    let depth = 1;
    let end = m.index! + m[0].length;
    while (depth > 0 && end < code.length) {
      depth += code[end] === '{' ? 1 : code[end] === '}' ? -1 : 0;
      end++;
    }
    if (depth > 0) {
      return undefined;
    }
    return { name: m[1], text: code.slice(m.index, end), parameters: m[2], when: m[3], body: code.slice(m.index! + m[0].length, end - 1) };
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
