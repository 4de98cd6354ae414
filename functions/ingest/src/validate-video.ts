import {
  RULES,
  checkOptional,
  isIntegerArray,
  isObject,
  isPositiveNumber,
  isStringArray,
  type Problem,
} from '@helios/core';
import { validateDurations } from './validate-durations.ts';

/**
 * Validates an Imp's Video (OpenRTB 2.6 §3.2.7): `mimes` is required and non-empty, sizes are positive,
 * durations consistent. Accepts any value; returns every problem found, empty when valid. Never throws.
 */
export function validateVideo(video: unknown, path: string): Problem[] {
  if (!isObject(video)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  if (!isStringArray(video['mimes']) || video['mimes'].length === 0) {
    problems.push({ field: `${path}.mimes`, rule: RULES.nonEmptyStringArray });
  }
  checkOptional(problems, video, path, {
    w: [isPositiveNumber, RULES.positiveNumber],
    h: [isPositiveNumber, RULES.positiveNumber],
    protocols: [isIntegerArray, RULES.integerArray],
    api: [isIntegerArray, RULES.integerArray],
    battr: [isIntegerArray, RULES.integerArray],
  });
  validateDurations(problems, video, path);
  return problems;
}
