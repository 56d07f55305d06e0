/*
 * Terraform JSON syntax: a string value is a template; `${...}` interpolates
 * an expression and `%{...}` is a directive; `$${` and `%%{` are literal.
 * A string that is one interpolation and nothing else (`"${var.x}"`) takes
 * the expression's type, so it stands for any type; a string with an
 * interpolation among other text is a string whose value is unknown until
 * plan. (https://developer.hashicorp.com/terraform/language/syntax/json)
 */

/** Whether `value` holds an interpolation or a directive, i.e. is not known before plan. */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && openings(value).length > 0;
}

/** Whether `value` is exactly one interpolation (`"${...}"`), which may stand for a value of any type. */
export function isWholeExpression(value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith('${')) {
    return false;
  }
  return closingBrace(value, 1) === value.length - 1;
}

/** Whether `value` (of any shape) contains something unknown before plan. */
export function containsUnknown(value: unknown): boolean {
  if (typeof value === 'string') {
    return isTemplate(value);
  }
  if (Array.isArray(value)) {
    return value.some(containsUnknown);
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/** Indices of the `{` of every unescaped `${` and `%{`. */
function openings(value: string): number[] {
  const result: number[] = [];
  for (let i = 0; i < value.length - 1; i++) {
    const twoChars = value.slice(i, i + 2);
    if ((twoChars === '$$' || twoChars === '%%') && value[i + 2] === '{') {
      i += 2; // an escaped opening
      continue;
    }
    if ((twoChars === '${' || twoChars === '%{')) {
      result.push(i + 1);
    }
  }
  return result;
}

/** The index of the `}` that closes the `{` at `open`, skipping quoted strings; -1 if none. */
function closingBrace(value: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') {
        i++;
      } else if (c === '"') {
        quoted = false;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        return i;
      }
    }
  }
  return -1;
}
