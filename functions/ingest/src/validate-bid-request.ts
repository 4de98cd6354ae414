import {
  RULES,
  checkOptional,
  isCurrency,
  isNonNegativeInteger,
  isObject,
  isStringArray,
  validateBidRequestFields,
  type BidRequest,
  type Problem,
} from '@helios/core';
import { InvalidBidRequestError } from './invalid-bid-request-error.ts';
import { validateAudio } from './validate-audio.ts';
import { validateBanner } from './validate-banner.ts';
import { validateNative } from './validate-native.ts';
import { validatePmp } from './validate-pmp.ts';
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

const isFlag = (value: unknown) => value === 0 || value === 1;
const isString = (value: unknown) => typeof value === 'string';
const FLAG = 'must be 0 or 1';

/**
 * Validates an OpenRTB 2.6 BidRequest (§3.2.1) as a DSP needs it. First, core's
 * validateBidRequestFields: every field a later stage reads, by the rule that stage's reader applies, so
 * no request accepted here is rejected downstream. Then what the spec requires of the rest: each imp
 * (§3.2.4) with at least one of banner/video/audio/native checked by its media validator, at most one of
 * site/app/dooh, objects where the spec has objects, 0/1 flags, currencies as ISO-4217 codes, string
 * lists. Fields no one reads beyond those pass untouched. Accepts any value; returns every problem
 * found, empty when valid. Never throws.
 */
export function validateBidRequest(value: unknown): Problem[] {
  if (!isObject(value)) return [{ field: 'request', rule: 'must be a JSON object' }];
  const problems = validateBidRequestFields(value, 'request');
  const { imp } = value;
  if (Array.isArray(imp)) {
    imp.forEach((item: unknown, index) => {
      if (isObject(item)) problems.push(...validateImp(item, `request.imp[${index}]`));
    });
  }
  const channels = CHANNELS.filter((channel) => value[channel] !== undefined);
  if (channels.length > 1) {
    problems.push({
      field: 'request',
      rule: `must contain at most one of ${CHANNELS.join(', ')} (got ${channels.join(', ')})`,
    });
  }
  checkOptional(problems, value, 'request', {
    dooh: [isObject, RULES.object],
    device: [isObject, RULES.object],
    source: [isObject, RULES.object],
    regs: [isObject, RULES.object],
    test: [isFlag, FLAG],
    allimps: [isFlag, FLAG],
    cur: [(cur) => Array.isArray(cur) && cur.every(isCurrency), 'must be an array of 3-letter ISO-4217 currency codes'],
    wseat: [isStringArray, RULES.stringArray],
    bseat: [isStringArray, RULES.stringArray],
    wlang: [isStringArray, RULES.stringArray],
    wlangb: [isStringArray, RULES.stringArray],
    acat: [isStringArray, RULES.stringArray],
    cattax: [isNonNegativeInteger, RULES.nonNegativeInteger],
    bcat: [isStringArray, RULES.stringArray],
    badv: [isStringArray, RULES.stringArray],
    bapp: [isStringArray, RULES.stringArray],
    ext: [isObject, RULES.object],
  });
  if (isObject(value['device'])) validateDevice(problems, value['device']);
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

/** §3.2.4 beyond the fields core checks (id, bidfloor, bidfloorcur). */
function validateImp(imp: Record<string, unknown>, path: string): Problem[] {
  const problems: Problem[] = [];
  const media = MEDIA_TYPES.filter((type) => imp[type] !== undefined);
  if (media.length === 0) problems.push({ field: path, rule: `must have at least one of ${MEDIA_TYPES.join(', ')}` });
  for (const type of media) problems.push(...MEDIA_VALIDATORS[type](imp[type], `${path}.${type}`));
  checkOptional(problems, imp, path, {
    tagid: [isString, RULES.string],
    instl: [isFlag, FLAG],
    secure: [isFlag, FLAG],
    rwdd: [isFlag, FLAG],
    exp: [isNonNegativeInteger, RULES.nonNegativeInteger],
  });
  if (imp['pmp'] !== undefined) problems.push(...validatePmp(imp['pmp'], `${path}.pmp`));
  return problems;
}

/** §3.2.18: the device fields whose types a DSP relies on. */
function validateDevice(problems: Problem[], device: Record<string, unknown>): void {
  checkOptional(problems, device, 'request.device', {
    ua: [isString, RULES.string],
    ip: [isString, RULES.string],
    ipv6: [isString, RULES.string],
    devicetype: [isNonNegativeInteger, RULES.nonNegativeInteger],
    geo: [isObject, RULES.object],
  });
}
