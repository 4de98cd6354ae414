import { RULES, checkOptional, isIntegerArray, isObject, isPositiveNumber, type Problem } from '@helios/core';

/**
 * Validates an Imp's Banner (OpenRTB 2.6 §3.2.6, sizes §3.2.10 Format), as prebid's
 * `ortb/request_validator_banner.go` does: a banner must name its sizes, with `w` and `h` or a non-empty
 * `format`, each Format an absolute size (`w`, `h`) or a flexible one (`wratio`, `hratio`, `wmin`).
 * Accepts any value; returns every problem found, empty when valid. Never throws.
 */
export function validateBanner(banner: unknown, path: string): Problem[] {
  if (!isObject(banner)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  checkOptional(problems, banner, path, {
    w: [isPositiveNumber, RULES.positiveNumber],
    h: [isPositiveNumber, RULES.positiveNumber],
    btype: [isIntegerArray, RULES.integerArray],
    battr: [isIntegerArray, RULES.integerArray],
    api: [isIntegerArray, RULES.integerArray],
  });
  const { format } = banner;
  if (format !== undefined) {
    if (!Array.isArray(format)) {
      problems.push({ field: `${path}.format`, rule: 'must be an array of Format objects' });
    } else {
      format.forEach((size, index) => {
        if (!isAbsoluteSize(size) && !isFlexibleSize(size)) {
          problems.push({ field: `${path}.format[${index}]`, rule: 'must define w and h, or wratio, hratio and wmin' });
        }
      });
    }
  }
  const hasSize = banner['w'] !== undefined && banner['h'] !== undefined;
  if (!hasSize && !(Array.isArray(format) && format.length > 0)) {
    problems.push({ field: path, rule: 'must define w and h, or a non-empty format' });
  }
  return problems;
}

function isAbsoluteSize(size: unknown): boolean {
  return isObject(size) && isPositiveNumber(size['w']) && isPositiveNumber(size['h']);
}

function isFlexibleSize(size: unknown): boolean {
  return (
    isObject(size) &&
    isPositiveNumber(size['wratio']) &&
    isPositiveNumber(size['hratio']) &&
    isPositiveNumber(size['wmin'])
  );
}
