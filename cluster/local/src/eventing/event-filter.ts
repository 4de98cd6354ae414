import type { EventFilter } from '../routing/routing.ts';

/**
 * Whether an event with `attributes` passes a Trigger's filter (eventing SubscriptionsAPIFilter): exact,
 * prefix and suffix need every named attribute present and matching (case-sensitive); all/any/not
 * combine. A null filter passes everything. Extensions are attributes like any other.
 */
export function matchesFilter(filter: EventFilter | null, attributes: Readonly<Record<string, string>>): boolean {
  if (filter === null) return true;
  if ('exact' in filter) return every(filter.exact, attributes, (value, expected) => value === expected);
  if ('prefix' in filter) return every(filter.prefix, attributes, (value, expected) => value.startsWith(expected));
  if ('suffix' in filter) return every(filter.suffix, attributes, (value, expected) => value.endsWith(expected));
  if ('all' in filter) return filter.all.every((nested) => matchesFilter(nested, attributes));
  if ('any' in filter) return filter.any.some((nested) => matchesFilter(nested, attributes));
  return !matchesFilter(filter.not, attributes);
}

function every(
  expected: Readonly<Record<string, string>>,
  attributes: Readonly<Record<string, string>>,
  test: (value: string, expected: string) => boolean,
): boolean {
  for (const [name, wanted] of Object.entries(expected)) {
    const value = attributes[name];
    if (value === undefined || !test(value, wanted)) return false;
  }
  return true;
}
