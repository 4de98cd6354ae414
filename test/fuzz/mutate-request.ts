/**
 * Seeded mutations of a valid bid request into the malformed and the merely odd: wrong types, missing
 * and extra fields, huge numbers, deep nesting, strings a header cannot carry, invalid UTF-8, other
 * encodings, truncated bodies, wrong content types and mangled CloudEvent headers, each request sent
 * as plain JSON or as a CloudEvent in binary or structured mode.
 */

/** One request to send: headers and raw body bytes, and what was done to it (printed when it fails). */
export interface FuzzCase {
  readonly description: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WEIRD_VALUES: Json[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  3,
  499,
  500,
  2 ** 53 + 2,
  1e21,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  '',
  ' ',
  '0',
  'USD',
  'usd',
  'x'.repeat(300),
  'a\u0000b',
  'a\nb',
  '\u0085',
  '\ud800',
  '\udfff',
  'é日本🙂',
  '\ufeff',
  '%00',
  '"',
  '\\',
  [],
  [1, 'a', null],
  {},
  { id: 42 },
  JSON.parse('{"":1,"__proto__":{"polluted":true}}') as Json,
];
const CONTENT_TYPES = [
  'text/plain',
  '',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/cloudevents-batch+json',
  'application/cloudevents+json; charset=utf-8',
  'application/JSON',
  'application/json;;;',
  'application/json; charset="utf-8"',
  'application/octet-stream',
  'json',
];

/** Picks from the seeded source. */
class Picker {
  private readonly random: () => number;
  constructor(random: () => number) {
    this.random = random;
  }
  int(below: number): number {
    return Math.floor(this.random() * below);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }
}

/** Every path to a value inside `value` (arrays by index), the root included as []. */
function paths(value: Json, prefix: (string | number)[] = [], into: (string | number)[][] = []): (string | number)[][] {
  into.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], into));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], into);
  return into;
}

function parentOf(root: Json, path: (string | number)[]): [Json, string | number] | undefined {
  if (path.length === 0) return undefined;
  let node: Json = root;
  for (const key of path.slice(0, -1)) node = (node as Record<string, Json>)[key as string] as Json;
  return [node, path[path.length - 1] as string | number];
}

/** The JSON-level mutations: each edits a copy of the document and says what it did. */
const JSON_MUTATIONS: ((pick: Picker, document: Json) => string)[] = [
  (pick, document) => {
    const target = parentOf(document, pick.one(paths(document)));
    if (!target) return 'nothing';
    const [parent, key] = target;
    const literal = pick.one(HUGE_NUMBERS);
    (parent as Record<string, Json>)[key as string] = `${NUMBER_MARK}${literal}`;
    return `set ${String(key)} to the number ${literal.slice(0, 20)}`;
  },
  (pick, document) => {
    const target = parentOf(document, pick.one(paths(document)));
    if (!target) return 'nothing';
    const [parent, key] = target;
    const value = structuredClone(pick.one(WEIRD_VALUES));
    (parent as Record<string, Json>)[key as string] = value;
    return `set ${String(key)} to ${JSON.stringify(value)}`;
  },
  (pick, document) => {
    const target = parentOf(document, pick.one(paths(document)));
    if (!target) return 'nothing';
    const [parent, key] = target;
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, Json>)[key as string];
    return `deleted ${String(key)}`;
  },
  (pick, document) => {
    const objects = paths(document).filter((path) => {
      const target = parentOf(document, path);
      const node = target ? (target[0] as Record<string, Json>)[target[1] as string] : document;
      return node !== null && typeof node === 'object' && !Array.isArray(node);
    });
    const path = pick.one(objects);
    const target = parentOf(document, path);
    const node = (target ? (target[0] as Record<string, Json>)[target[1] as string] : document) as Record<string, Json>;
    const key = pick.one([
      'ext',
      'unknown',
      'id',
      'imp',
      'at',
      'user',
      'site',
      'app',
      'dooh',
      'constructor',
      'x'.repeat(50),
    ]);
    node[key] = structuredClone(pick.one(WEIRD_VALUES));
    return `added ${key} at ${path.join('.')}`;
  },
  (pick, document) => {
    const target = parentOf(document, pick.one(paths(document)));
    if (!target) return 'nothing';
    const [parent, key] = target;
    const depth = pick.one([64, 1_000, 10_000]);
    // Spliced in as text after serialisation: JSON.stringify itself overflows the stack at this depth.
    (parent as Record<string, Json>)[key as string] = `${NESTING_MARK}${depth}:${pick.chance(0.5) ? '[' : '{'}`;
    return `nested ${depth} levels at ${String(key)}`;
  },
  (pick, document) => {
    const strings = paths(document).filter((path) => {
      const target = parentOf(document, path);
      return target !== undefined && typeof (target[0] as Record<string, Json>)[target[1] as string] === 'string';
    });
    if (strings.length === 0) return 'nothing';
    const [parent, key] = parentOf(document, pick.one(strings))!;
    const inserted = pick.one([
      '\u0000',
      '\u0007',
      '\u001f',
      '\u007f',
      '\u0085',
      '\ud800',
      '\udc00',
      '\ufffe',
      ' ',
      '%',
      '"',
      '\r\n',
    ]);
    const value = (parent as Record<string, string>)[key as string] as string;
    const at = pick.int(value.length + 1);
    (parent as Record<string, Json>)[key as string] = value.slice(0, at) + inserted + value.slice(at);
    return `inserted ${JSON.stringify(inserted)} into ${String(key)}`;
  },
];

/** Stand for a deeply nested value, or a number JSON.stringify cannot write, until the document is text. */
const NESTING_MARK = '\u0001nest:';
const NESTED = /"\\u0001nest:(\d+):([[{])"/g;
const NUMBER_MARK = '\u0001number:';
const NUMBERS = /"\\u0001number:([^"]+)"/g;
const HUGE_NUMBERS = ['1e400', '-1e400', '123456789012345678901234567890', `0.${'0'.repeat(400)}1`, '-0', '1E+2'];

function spliceNesting(text: string): string {
  return text
    .replace(NUMBERS, (_match, literal: string) => literal)
    .replace(NESTED, (_match, depth: string, open: string) => {
      const levels = Number(depth);
      return open === '['
        ? `${'['.repeat(levels)}1${']'.repeat(levels)}`
        : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    });
}

/** The byte-level mutations of the encoded body. */
const BYTE_MUTATIONS: ((pick: Picker, body: Buffer) => [Buffer, string])[] = [
  (pick, body) => [body.subarray(0, pick.int(body.length)), 'truncated'],
  (pick, body) => {
    const copy = Buffer.from(body);
    const at = pick.int(copy.length);
    copy[at] = pick.one([0x80, 0xc0, 0xc3, 0xed, 0xf5, 0xff, 0x00, 0x22, 0x7b]);
    return [copy, `byte ${at} replaced`];
  },
  (pick, body) => {
    const at = pick.int(body.length);
    const invalid = pick.one([
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
    ]);
    return [Buffer.concat([body.subarray(0, at), Buffer.from(invalid), body.subarray(at)]), 'invalid UTF-8 inserted'];
  },
  (_pick, body) => [Buffer.from(body.toString('utf8'), 'utf16le'), 'encoded as UTF-16LE'],
  (_pick, body) => [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]), 'with a byte-order mark'],
  (pick, body) => [
    Buffer.concat([body, Buffer.from(pick.one([' ', '}', ',', 'garbage', '\u0000']))]),
    'trailing bytes',
  ],
];

/** The ways to send a document: plain JSON, or a CloudEvent in binary or structured mode. */
function envelope(pick: Picker, body: Buffer): [Record<string, string>, Buffer, string] {
  const mode = pick.one(['json', 'json', 'binary', 'structured'] as const);
  if (mode === 'json') return [{ 'content-type': 'application/json' }, body, 'plain JSON'];
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id: `fuzz-${pick.int(1e9)}`,
    source: '/fuzz',
    type: 'com.example.bid.request',
  };
  if (mode === 'binary') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(attributes)) headers[`ce-${name}`] = value;
    return [headers, body, 'binary CloudEvent'];
  }
  const text = `{"specversion":"1.0","id":"${attributes['id']}","source":"/fuzz","type":"x.y","datacontenttype":"application/json","data":${body.toString('latin1')}}`;
  return [{ 'content-type': 'application/cloudevents+json' }, Buffer.from(text, 'latin1'), 'structured CloudEvent'];
}

/** Header-level mangling: content types and CloudEvent attributes. */
function mangleHeaders(pick: Picker, headers: Record<string, string>): string {
  const choice = pick.int(6);
  if (choice === 0) {
    headers['content-type'] = pick.one(CONTENT_TYPES);
    return `content-type ${JSON.stringify(headers['content-type'])}`;
  }
  if (choice === 1) {
    delete headers['content-type'];
    return 'no content-type';
  }
  const name = pick.one(['ce-id', 'ce-source', 'ce-specversion', 'ce-type', 'ce-traceparent', 'ce-time', 'ce-subject']);
  const value = pick.one([
    '',
    '%',
    '%ZZ',
    '%C0%AF',
    '%ED%A0%80',
    '"unterminated',
    'a\\',
    '0.3',
    '2.0',
    'é',
    '\u00ff',
    'not a time',
    ' ',
    'x'.repeat(2_000),
  ]);
  headers[name] = value;
  headers['content-type'] ??= 'application/json';
  return `${name} ${JSON.stringify(value)}`;
}

/**
 * A malformed or odd variant of `sample` (a valid request's JSON text), chosen by `random`: one or two
 * JSON-level edits, then maybe a byte-level one, sent in some mode, maybe with mangled headers.
 */
export function mutateRequest(sample: string, random: () => number): FuzzCase {
  const pick = new Picker(random);
  const document = JSON.parse(sample) as Json;
  const steps: string[] = [];
  const edits = pick.chance(0.15) ? 0 : 1 + pick.int(2);
  for (let edit = 0; edit < edits; edit += 1) steps.push(pick.one(JSON_MUTATIONS)(pick, document));
  let body: Buffer = Buffer.from(spliceNesting(JSON.stringify(document) ?? 'null'), 'utf8');
  if (pick.chance(0.25)) {
    const [mutated, step] = pick.one(BYTE_MUTATIONS)(pick, body);
    body = mutated;
    steps.push(step);
  }
  const [headers, enveloped, mode] = envelope(pick, body);
  steps.push(mode);
  if (pick.chance(0.2)) steps.push(mangleHeaders(pick, headers));
  return { description: steps.join('; '), headers, body: enveloped };
}
