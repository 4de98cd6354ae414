import { RULES, isObject, type Problem } from '@helios/core';

const ASSET_KINDS = ['title', 'img', 'video', 'data'] as const;

/**
 * Validates an Imp's Native (OpenRTB 2.6 §3.2.9): `request` is the Native Ads request (Native 1.2 §4.1),
 * JSON-encoded in a string (or, leniently, as an object), optionally wrapped in `{"native": ...}` as
 * Native 1.0 did and the spec's worked example still does. It must list at least one asset, each asset
 * being exactly one of title, img, video, data (Native 1.2 §4.2).
 * Accepts any value; returns every problem found, empty when valid. Never throws.
 */
export function validateNative(native: unknown, path: string): Problem[] {
  if (!isObject(native)) return [{ field: path, rule: RULES.object }];
  const problems: Problem[] = [];
  if (native['ver'] !== undefined && typeof native['ver'] !== 'string') {
    problems.push({ field: `${path}.ver`, rule: RULES.string });
  }
  const requestPath = `${path}.request`;
  const nativeRequest = parseNativeRequest(native['request']);
  if (nativeRequest === undefined) {
    problems.push({ field: requestPath, rule: 'must be a JSON-encoded Native 1.2 request object' });
    return problems;
  }
  const { assets } = nativeRequest;
  if (!Array.isArray(assets) || assets.length === 0) {
    problems.push({ field: `${requestPath}.assets`, rule: RULES.nonEmptyArray });
    return problems;
  }
  assets.forEach((asset, index) => {
    const kinds = isObject(asset) ? ASSET_KINDS.filter((kind) => asset[kind] !== undefined) : [];
    if (kinds.length !== 1) {
      problems.push({
        field: `${requestPath}.assets[${index}]`,
        rule: `must have exactly one of ${ASSET_KINDS.join(', ')}`,
      });
    }
  });
  return problems;
}

function parseNativeRequest(value: unknown): Record<string, unknown> | undefined {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isObject(parsed)) return undefined;
  return isObject(parsed['native']) ? parsed['native'] : parsed;
}
