import { RULES, checkOptional, isNonNegativeInteger, type Problem } from '@helios/core';

/**
 * Checks `minduration` and `maxduration` of a Video or Audio object (OpenRTB 2.6 §3.2.7, §3.2.8): seconds,
 * non-negative integers, and `maxduration` not below `minduration`. Adds to `problems`; never throws.
 */
export function validateDurations(problems: Problem[], media: Record<string, unknown>, path: string): void {
  checkOptional(problems, media, path, {
    minduration: [isNonNegativeInteger, RULES.nonNegativeInteger],
    maxduration: [isNonNegativeInteger, RULES.nonNegativeInteger],
  });
  const { minduration, maxduration } = media;
  if (isNonNegativeInteger(minduration) && isNonNegativeInteger(maxduration) && maxduration < minduration) {
    problems.push({ field: `${path}.maxduration`, rule: `must be at least minduration (${minduration})` });
  }
}
