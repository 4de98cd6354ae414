import { isRecord } from './read-manifests.ts';
import type { EventFilter } from './routing.ts';

const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;

/**
 * The filter of a Trigger's spec: `filters` (SubscriptionsAPIFilter, all must hold) overrides
 * `filter.attributes` (exact matches; an empty value matches any, Knative's TriggerAnyFilter), as the
 * Trigger CRD states. Null when nothing is filtered. Problems (an unknown dialect, an empty value, cesql,
 * which the local cluster does not evaluate) are pushed as `<where> <field>: <rule>`.
 */
export function parseTriggerFilter(
  spec: Readonly<Record<string, unknown>>,
  where: string,
  problems: string[],
): EventFilter | null {
  const { filters, filter } = spec;
  if (Array.isArray(filters) && filters.length > 0) {
    const parsed = filters.map((entry, index) => parseExpression(entry, where, `spec.filters[${index}]`, problems));
    const valid = parsed.filter((entry): entry is EventFilter => entry !== null);
    return valid.length === 1 ? (valid[0] as EventFilter) : Object.freeze({ all: Object.freeze(valid) });
  }
  if (filters !== undefined && !Array.isArray(filters)) problems.push(`${where} spec.filters: must be a list`);
  if (filter === undefined || filter === null) return null;
  const attributes = isRecord(filter) ? filter['attributes'] : undefined;
  if (!isRecord(attributes)) {
    problems.push(`${where} spec.filter.attributes: must be a mapping of attribute to value`);
    return null;
  }
  const exact = Object.fromEntries(
    Object.entries(attributes)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => [name, String(value)]),
  );
  return Object.keys(exact).length === 0 ? null : Object.freeze({ exact: Object.freeze(exact) });
}

function parseExpression(value: unknown, where: string, field: string, problems: string[]): EventFilter | null {
  const keys = isRecord(value) ? Object.keys(value) : [];
  if (!isRecord(value) || keys.length !== 1) {
    problems.push(`${where} ${field}: must have exactly one of ${DIALECTS.join(', ')}`);
    return null;
  }
  const dialect = keys[0] as string;
  const body = value[dialect];
  switch (dialect) {
    case 'exact':
    case 'prefix':
    case 'suffix': {
      const map = parseAttributeMap(body, where, `${field}.${dialect}`, problems);
      return map && (Object.freeze({ [dialect]: map }) as EventFilter);
    }
    case 'all':
    case 'any': {
      if (!Array.isArray(body) || body.length === 0) {
        problems.push(`${where} ${field}.${dialect}: must be a non-empty list of filter expressions`);
        return null;
      }
      const nested = body.map((entry, index) =>
        parseExpression(entry, where, `${field}.${dialect}[${index}]`, problems),
      );
      if (nested.some((entry) => entry === null)) return null;
      return Object.freeze({ [dialect]: Object.freeze(nested) }) as EventFilter;
    }
    case 'not': {
      const nested = parseExpression(body, where, `${field}.not`, problems);
      return nested && Object.freeze({ not: nested });
    }
    case 'cesql':
      problems.push(
        `${where} ${field}.cesql: CloudEvents SQL filters are not supported locally; use exact, prefix, suffix, all, any or not`,
      );
      return null;
    default:
      problems.push(`${where} ${field}: unknown filter dialect "${dialect}" (expected one of ${DIALECTS.join(', ')})`);
      return null;
  }
}

function parseAttributeMap(
  value: unknown,
  where: string,
  field: string,
  problems: string[],
): Readonly<Record<string, string>> | null {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    problems.push(`${where} ${field}: must be a non-empty mapping of attribute to value`);
    return null;
  }
  const entries = Object.entries(value);
  const bad = entries.filter(([name, text]) => name === '' || typeof text !== 'string' || text === '');
  for (const [name] of bad) problems.push(`${where} ${field}.${name}: must be a non-empty string`);
  return bad.length > 0 ? null : Object.freeze(Object.fromEntries(entries as [string, string][]));
}
