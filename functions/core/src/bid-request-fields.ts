import {
  RULES,
  checkOptional,
  isCarriableText,
  isCpm,
  isCurrency,
  isId,
  isObject,
  type Problem,
} from './field-rules.ts';

/** The largest tmax Helios takes, ms: a real-time auction waits well under a minute; more is a unit mistake. */
export const MAX_TMAX_MS = 60_000;

/** OpenRTB 2.6 §3.2.1 `at`: 1 first price, 2 second price plus, 500 and above exchange-specific. */
export function isAuctionType(value: unknown): value is number {
  return value === 1 || value === 2 || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 500);
}

const AUCTION_TYPE_RULE = 'must be 1 (first price), 2 (second price plus) or an exchange-specific type from 500';
const TMAX_RULE = `must be a non-negative integer of at most ${MAX_TMAX_MS} (milliseconds)`;

/**
 * Every field of an OpenRTB 2.6 BidRequest that a stage after ingest reads, with the one rule each is held
 * to: `id` and `imp[].id` (unique) are ids that travel as CloudEvent attributes; `imp[].bidfloor` a CPM the
 * outcomes table can store, `imp[].bidfloorcur` a currency (§3.2.4); `tmax` (§3.2.1) bounded; `at` of the
 * §3.2.1 enumeration; `user.id`, `site.domain` and `app.domain` storable text (§3.2.20, §3.2.13, §3.2.14).
 * Ingest applies it to every request it accepts and the bid request reader to every event it reads, so
 * what ingest accepts no later stage rejects. `path` names the request (`request`, `data.request`).
 * Accepts any value; returns every problem, in document order, empty when valid. Never throws.
 */
export function validateBidRequestFields(value: unknown, path: string): Problem[] {
  if (!isObject(value)) return [{ field: path, rule: 'must be a JSON object' }];
  const problems: Problem[] = [];
  if (!isId(value['id'])) problems.push({ field: `${path}.id`, rule: RULES.id });
  const { imp } = value;
  if (!Array.isArray(imp) || imp.length === 0) {
    problems.push({ field: `${path}.imp`, rule: RULES.nonEmptyArray });
  } else {
    const seen = new Map<string, number>();
    imp.forEach((item: unknown, index) => problems.push(...validateImpFields(item, `${path}.imp`, index, seen)));
  }
  checkOptional(problems, value, path, {
    tmax: [(tmax) => Number.isSafeInteger(tmax) && (tmax as number) >= 0 && (tmax as number) <= MAX_TMAX_MS, TMAX_RULE],
    at: [isAuctionType, AUCTION_TYPE_RULE],
  });
  for (const [key, field] of [
    ['user', 'id'],
    ['site', 'domain'],
    ['app', 'domain'],
  ] as const) {
    const part = value[key];
    if (part === undefined) continue;
    if (!isObject(part)) problems.push({ field: `${path}.${key}`, rule: RULES.object });
    else checkOptional(problems, part, `${path}.${key}`, { [field]: [isCarriableText, RULES.text] });
  }
  return problems;
}

function validateImpFields(imp: unknown, impPath: string, index: number, seen: Map<string, number>): Problem[] {
  const path = `${impPath}[${index}]`;
  if (!isObject(imp)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  const { id } = imp;
  if (!isId(id)) {
    problems.push({ field: `${path}.id`, rule: RULES.id });
  } else if (seen.has(id)) {
    problems.push({ field: `${path}.id`, rule: `must be unique (${impPath}[${seen.get(id)}].id is also "${id}")` });
  } else {
    seen.set(id, index);
  }
  checkOptional(problems, imp, path, {
    bidfloor: [isCpm, RULES.cpm],
    bidfloorcur: [isCurrency, RULES.currency],
  });
  return problems;
}
