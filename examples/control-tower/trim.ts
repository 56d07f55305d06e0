/** The part of a CloudFormation template the trimming reads. */
export interface Template {
  Resources?: Record<string, { Type: string }>;
}

/**
 * The logical ids of the template's resources of `types`, and, for those
 * of `followed` (a subset), everything they refer to, transitively.
 */
export function keptIds(template: Template, types: ReadonlySet<string>, followed: ReadonlySet<string> = types): Set<string> {
  const resources = template.Resources ?? {};
  const kept = new Set(Object.keys(resources).filter((id) => types.has(resources[id].Type)));
  const pending = [...kept].filter((id) => followed.has(resources[id].Type));
  while (pending.length > 0) {
    for (const id of referencesIn(resources[pending.pop()!])) {
      if (Object.prototype.hasOwnProperty.call(resources, id) && !kept.has(id)) {
        kept.add(id);
        pending.push(id);
      }
    }
  }
  return kept;
}

/** The template with only the resources of `ids` (kept resources keep their metadata, for finding paths). */
export function withResources(template: Template, ids: ReadonlySet<string>): Template {
  if (template.Resources === undefined) {
    return template;
  }
  return { ...template, Resources: Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([id]) => ids.has(id))) };
}

/**
 * The template with the resources of `types` and what they refer to,
 * transitively; the others go.
 */
export function onlyTypes(template: Template, types: ReadonlySet<string>): Template {
  return withResources(template, keptIds(template, types));
}

/** The logical ids a template value refers to with `Ref`, `Fn::GetAtt` or `Fn::Sub`. */
function referencesIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    return found;
  }
  if (Array.isArray(value)) {
    value.forEach((item) => referencesIn(item, found));
    return found;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') {
        found.add(inner);
      } else if (key === 'Fn::GetAtt') {
        found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const match of String(text).matchAll(/\$\{([^}.!]+)[^}]*\}/g)) {
          found.add(match[1]);
        }
      }
      referencesIn(inner, found);
    }
  }
  return found;
}
