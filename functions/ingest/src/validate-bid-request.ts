import type { BidRequest } from '@helios/core';
import {
  RULES,
  checkOptional,
  isCurrency,
  isNonEmptyString,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isObject,
  isStringArray,
  type Problem,
} from './field-rules.ts';
import { InvalidBidRequestError } from './invalid-bid-request-error.ts';
import { validateAudio } from './validate-audio.ts';
import { validateBanner } from './validate-banner.ts';
import { validateNative } from './validate-native.ts';
import { validateVideo } from './validate-video.ts';

const MEDIA_VALIDATORS = {
  banner: validateBanner,
  video: validateVideo,
  audio: validateAudio,
  native: validateNative,
} as const;

const MEDIA_TYPES = Object.keys(MEDIA_VALIDATORS) as (keyof typeof MEDIA_VALIDATORS)[];

/** OpenRTB 2.6 §3.2.1: a request describes at most one distribution channel. */
const CHANNELS = ['site', 'app', 'dooh'] as const;

/**
 * Validates an OpenRTB 2.6 BidRequest (§3.2.1) as a DSP needs it: `id`, a non-empty `imp` with unique ids
 * (§3.2.4), each with at least one of banner/video/audio/native checked by its media validator, at most
 * one of site/app/dooh, `tmax` a non-negative integer, currencies as ISO-4217 codes, `bidfloor` ≥ 0.
 * Fields Helios does not read are not checked. Accepts any value; returns every problem found, in
 * document order, empty when valid. Never throws.
 */
export function validateBidRequest(value: unknown): Problem[] {
  if (!isObject(value)) return [{ field: 'request', rule: 'must be a JSON object' }];
  const problems: Problem[] = [];
  if (!isNonEmptyString(value['id'])) problems.push({ field: 'request.id', rule: RULES.nonEmptyString });
  const { imp } = value;
  if (!Array.isArray(imp) || imp.length === 0) {
    problems.push({ field: 'request.imp', rule: RULES.nonEmptyArray });
  } else {
    const seen = new Map<string, number>();
    imp.forEach((item, index) => problems.push(...validateImp(item, `request.imp[${index}]`, index, seen)));
  }
  const channels = CHANNELS.filter((channel) => value[channel] !== undefined);
  if (channels.length > 1) {
    problems.push({
      field: 'request',
      rule: `must contain at most one of ${CHANNELS.join(', ')} (got ${channels.join(', ')})`,
    });
  }
  checkOptional(problems, value, 'request', {
    site: [isObject, RULES.object],
    app: [isObject, RULES.object],
    dooh: [isObject, RULES.object],
    device: [isObject, RULES.object],
    user: [isObject, RULES.object],
    tmax: [isNonNegativeInteger, RULES.nonNegativeInteger],
    cur: [(cur) => Array.isArray(cur) && cur.every(isCurrency), 'must be an array of 3-letter ISO-4217 currency codes'],
    bcat: [isStringArray, RULES.stringArray],
    badv: [isStringArray, RULES.stringArray],
  });
  return problems;
}

/**
 * Throws InvalidBidRequestError (400) naming the first problem, all of them in `details`, unless `value`
 * is a valid BidRequest.
 */
export function assertBidRequest(value: unknown): asserts value is BidRequest {
  const problems = validateBidRequest(value);
  if (problems.length > 0) throw new InvalidBidRequestError(problems);
}

function validateImp(imp: unknown, path: string, index: number, seen: Map<string, number>): Problem[] {
  if (!isObject(imp)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  const { id } = imp;
  if (!isNonEmptyString(id)) {
    problems.push({ field: `${path}.id`, rule: RULES.nonEmptyString });
  } else if (seen.has(id)) {
    problems.push({ field: `${path}.id`, rule: `must be unique (request.imp[${seen.get(id)}].id is also "${id}")` });
  } else {
    seen.set(id, index);
  }
  const media = MEDIA_TYPES.filter((type) => imp[type] !== undefined);
  if (media.length === 0) problems.push({ field: path, rule: `must have at least one of ${MEDIA_TYPES.join(', ')}` });
  for (const type of media) problems.push(...MEDIA_VALIDATORS[type](imp[type], `${path}.${type}`));
  checkOptional(problems, imp, path, {
    bidfloor: [isNonNegativeNumber, RULES.nonNegativeNumber],
    bidfloorcur: [isCurrency, RULES.currency],
  });
  return problems;
}
