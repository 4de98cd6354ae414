import { isIP } from 'node:net';
import type { BidRequest, Device, Format, Imp } from '@helios/core';
import { RULES, checkOptional, isNonEmptyString, isNonNegativeNumber, isObject, type Problem } from './field-rules.ts';
import { InvalidBidRequestError } from './invalid-bid-request-error.ts';

/** What a Helios request leaves out, filled from configuration. */
export interface HeliosDefaults {
  /** bidfloor (CPM) of a slot without `min_bid`, and of the one slot assumed when `ad_slots` is absent */
  floorCpm: number;
  /** tmax of every request, in ms: the simple format has no field for it */
  tmaxMs: number;
}

/** The simple Helios request, as the seed's clients send it (fixtures/helios-seed). */
export interface HeliosRequest {
  request_id: string;
  user_id?: string | null;
  site?: { domain?: string; page?: string };
  device?: { user_agent?: string; ip?: string };
  ad_slots?: { id: string; min_bid?: number; format?: string[] }[];
}

const SIZE = /^([1-9][0-9]{0,4})x([1-9][0-9]{0,4})$/;
const DEFAULT_SIZE = '300x250';
const CURRENCY = 'USD';

/**
 * Validates a Helios JSON request and rewrites it as the OpenRTB 2.6 BidRequest the pipeline speaks:
 * request_id → id, user_id → user.id (absent for anonymous users), site.domain/page → site,
 * device.user_agent → device.ua, device.ip → device.ip or device.ipv6, each ad slot → an Imp with a
 * banner of its "WxH" formats and bidfloor = min_bid in USD. Without ad_slots: one imp "1", banner
 * 300x250 at the default floor. tmax is the default.
 * Throws InvalidBidRequestError (400) naming the first problem, all of them in `details`.
 */
export function normalizeHeliosRequest(value: unknown, defaults: HeliosDefaults): BidRequest {
  const problems = validateHeliosRequest(value);
  if (problems.length > 0 || !isObject(value)) throw new InvalidBidRequestError(problems);
  const input = value as unknown as HeliosRequest;
  const request: BidRequest = {
    id: input.request_id,
    imp: input.ad_slots?.map((slot) => toImp(slot, defaults)) ?? [toImp({ id: '1' }, defaults)],
    tmax: defaults.tmaxMs,
    cur: [CURRENCY],
  };
  if (input.site) request.site = pickDefined({ domain: input.site.domain, page: input.site.page });
  if (input.device) request.device = toDevice(input.device);
  if (isNonEmptyString(input.user_id)) request.user = { id: input.user_id };
  return request;
}

/** Every problem of a Helios JSON request, in document order; empty when valid. Never throws. */
export function validateHeliosRequest(value: unknown): Problem[] {
  if (!isObject(value)) return [{ field: 'request', rule: 'must be a JSON object' }];
  const problems: Problem[] = [];
  if (!isNonEmptyString(value['request_id']))
    problems.push({ field: 'request.request_id', rule: RULES.nonEmptyString });
  // null is how some clients say "anonymous"; it is as good as absent.
  if (value['user_id'] !== null) {
    checkOptional(problems, value, 'request', { user_id: [isNonEmptyString, RULES.nonEmptyString] });
  }
  for (const [key, fields] of [
    ['site', ['domain', 'page']],
    ['device', ['user_agent', 'ip']],
  ] as const) {
    const part = value[key];
    if (part === undefined) continue;
    if (!isObject(part)) {
      problems.push({ field: `request.${key}`, rule: RULES.object });
      continue;
    }
    for (const field of fields) {
      if (part[field] !== undefined && typeof part[field] !== 'string') {
        problems.push({ field: `request.${key}.${field}`, rule: RULES.string });
      }
    }
  }
  const ip = isObject(value['device']) ? value['device']['ip'] : undefined;
  if (typeof ip === 'string' && isIP(ip) === 0) {
    problems.push({ field: 'request.device.ip', rule: 'must be an IPv4 or IPv6 address' });
  }
  if (value['ad_slots'] !== undefined) problems.push(...validateAdSlots(value['ad_slots']));
  return problems;
}

function validateAdSlots(slots: unknown): Problem[] {
  if (!Array.isArray(slots) || slots.length === 0) return [{ field: 'request.ad_slots', rule: RULES.nonEmptyArray }];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  slots.forEach((slot, index) => {
    const path = `request.ad_slots[${index}]`;
    if (!isObject(slot)) {
      problems.push({ field: path, rule: RULES.object });
      return;
    }
    const { id, format } = slot;
    if (!isNonEmptyString(id)) {
      problems.push({ field: `${path}.id`, rule: RULES.nonEmptyString });
    } else if (seen.has(id)) {
      problems.push({
        field: `${path}.id`,
        rule: `must be unique (request.ad_slots[${seen.get(id)}].id is also "${id}")`,
      });
    } else {
      seen.set(id, index);
    }
    checkOptional(problems, slot, path, { min_bid: [isNonNegativeNumber, RULES.nonNegativeNumber] });
    if (format === undefined) return;
    if (!Array.isArray(format) || format.length === 0) {
      problems.push({ field: `${path}.format`, rule: 'must be a non-empty array of sizes "WxH"' });
      return;
    }
    format.forEach((size, sizeIndex) => {
      if (typeof size !== 'string' || !SIZE.test(size)) {
        problems.push({
          field: `${path}.format[${sizeIndex}]`,
          rule: 'must be a size "WxH" in pixels, such as "300x250"',
        });
      }
    });
  });
  return problems;
}

function toImp(slot: { id: string; min_bid?: number; format?: string[] }, defaults: HeliosDefaults): Imp {
  const format = (slot.format ?? [DEFAULT_SIZE]).map(toFormat);
  const [first] = format as [Required<Format>];
  return {
    id: slot.id,
    tagid: slot.id,
    banner: { w: first.w, h: first.h, format },
    bidfloor: slot.min_bid ?? defaults.floorCpm,
    bidfloorcur: CURRENCY,
  };
}

function toFormat(size: string): Required<Format> {
  const [, w, h] = SIZE.exec(size) as unknown as [string, string, string];
  return { w: Number(w), h: Number(h) };
}

function toDevice(device: { user_agent?: string; ip?: string }): Device {
  // OpenRTB 2.6 §3.2.18 keeps IPv4 in `ip` and IPv6 in `ipv6`.
  const ipField = device.ip !== undefined && isIP(device.ip) === 6 ? 'ipv6' : 'ip';
  return pickDefined({ ua: device.user_agent, [ipField]: device.ip });
}

function pickDefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
