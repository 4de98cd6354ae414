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
} from '@helios/core';

/**
 * Validates an Imp's Pmp (OpenRTB 2.6 §3.2.11) and its Deals (§3.2.12), as prebid's request validation
 * does for deals: `private_auction` 0 or 1, `deals` an array of objects, each with the required `id`, a
 * non-negative `bidfloor`, an ISO-4217 `bidfloorcur`, an integer `at` and string lists of seats and
 * domains. Accepts any value; returns every problem found, empty when valid. Never throws.
 */
export function validatePmp(pmp: unknown, path: string): Problem[] {
  if (!isObject(pmp)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  checkOptional(problems, pmp, path, { private_auction: [(flag) => flag === 0 || flag === 1, 'must be 0 or 1'] });
  const { deals } = pmp;
  if (deals === undefined) return problems;
  if (!Array.isArray(deals)) return [...problems, { field: `${path}.deals`, rule: 'must be an array of Deal objects' }];
  deals.forEach((deal: unknown, index) => {
    const dealPath = `${path}.deals[${index}]`;
    if (!isObject(deal)) {
      problems.push({ field: dealPath, rule: RULES.object });
      return;
    }
    if (!isNonEmptyString(deal['id'])) problems.push({ field: `${dealPath}.id`, rule: RULES.nonEmptyString });
    checkOptional(problems, deal, dealPath, {
      bidfloor: [isNonNegativeNumber, RULES.nonNegativeNumber],
      bidfloorcur: [isCurrency, RULES.currency],
      at: [isNonNegativeInteger, RULES.nonNegativeInteger],
      wseat: [isStringArray, RULES.stringArray],
      wadomain: [isStringArray, RULES.stringArray],
    });
  });
  return problems;
}
