import { RULES, checkOptional, isIntegerArray, isObject, isStringArray, type Problem } from '@helios/core';
import { validateDurations } from './validate-durations.ts';

/**
 * Validates an Imp's Audio (OpenRTB 2.6 §3.2.8): `mimes` is required and non-empty, durations consistent.
 * Accepts any value; returns every problem found, empty when valid. Never throws.
 */
export function validateAudio(audio: unknown, path: string): Problem[] {
  if (!isObject(audio)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  if (!isStringArray(audio['mimes']) || audio['mimes'].length === 0) {
    problems.push({ field: `${path}.mimes`, rule: RULES.nonEmptyStringArray });
  }
  checkOptional(problems, audio, path, {
    protocols: [isIntegerArray, RULES.integerArray],
    api: [isIntegerArray, RULES.integerArray],
    battr: [isIntegerArray, RULES.integerArray],
  });
  validateDurations(problems, audio, path);
  return problems;
}
