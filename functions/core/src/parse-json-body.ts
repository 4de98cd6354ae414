import { InvalidFieldError, InvalidJsonError } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How deep arrays and objects may nest. An OpenRTB request nests about eight levels; a body nested
 * thousands deep parses, but every later JSON.stringify or structuredClone of it overflows the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads a request body as JSON text: UTF-8 (RFC 8259 §8.1; a BOM is ignored), arrays and objects nested at
 * most `maxDepth` (MAX_JSON_DEPTH) deep, and then JSON.
 * Throws InvalidJsonError (400) for an empty body, invalid UTF-8, or a JSON syntax error, and
 * InvalidFieldError (400, field `body`) for nesting too deep.
 */
export function parseJsonBody(body: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  if (body.byteLength === 0) throw new InvalidJsonError('the body is empty');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new InvalidJsonError('the body is not valid UTF-8');
  }
  if (nestingDepth(text, maxDepth) > maxDepth) {
    throw new InvalidFieldError('body', `must nest arrays and objects at most ${maxDepth} levels deep`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
}

/** The deepest nesting of [ and { outside strings, scanned without recursion; stops once past the limit. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}
