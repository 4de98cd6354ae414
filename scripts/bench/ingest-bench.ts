/**
 * Ingest's decoder and validator against JSON.parse of the same bodies: the OpenRTB 2.6 worked examples
 * (fixtures/openrtb/bidrequest-*.json) and a Helios JSON body. The ratio is what decoding
 * and validating costs relative to parsing alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeBidRequest } from '../../functions/ingest/src/decode-bid-request.ts';
import { normalizeHeliosRequest, type HeliosDefaults } from '../../functions/ingest/src/helios-json.ts';
import { validateBidRequest } from '../../functions/ingest/src/validate-bid-request.ts';
import { pairedFigure, type BenchResult } from './bench-result.ts';
import type { Progress } from './progress.ts';
import { calibrate, timeLoop } from './time-loop.ts';

/** The Helios JSON body of the seed's clients (fixtures/helios-seed), with two ad slots. */
export const HELIOS_BODY = {
  request_id: 'bench-helios-1',
  user_id: 'user-042',
  site: { domain: 'example.com', page: 'https://example.com/news/article' },
  device: { user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', ip: '192.0.2.1' },
  ad_slots: [
    { id: 'top', min_bid: 0.5, format: ['728x90', '970x250'] },
    { id: 'side', format: ['300x250'] },
  ],
};

const DEFAULTS: HeliosDefaults = { floorCpm: 0.1, tmaxMs: 120 };
const HEADERS = { 'content-type': 'application/json' };

interface Body {
  readonly name: string;
  readonly text: string;
  readonly bytes: Uint8Array;
}

/** Runs the ingest benchmark: a warm-up (and calibration), then `rounds` rounds of `roundMs` per operation. */
export async function runIngestBench(options: {
  referenceDir: string;
  rounds: number;
  roundMs: number;
  progress: Progress;
}): Promise<BenchResult> {
  const { progress } = options;
  const notes: string[] = [];
  const bodies = await loadBodies(options.referenceDir, notes);
  const parsed = bodies.map((body) => JSON.parse(body.text) as unknown);
  const helios = bodies.map((body) => body.name === 'helios-json');

  // One operation is a pass over every body; results are reported per body.
  const parse = () => {
    let count = 0;
    for (const body of bodies) count += JSON.parse(body.text) ? 1 : 0;
    return count;
  };
  const decode = () => {
    let count = 0;
    for (const body of bodies)
      count += decodeBidRequest({ headers: HEADERS, body: body.bytes }, DEFAULTS).request.imp.length;
    return count;
  };
  const validate = () => {
    let count = 0;
    parsed.forEach((value, index) => {
      const request = helios[index] ? normalizeHeliosRequest(value, DEFAULTS) : value;
      count += validateBidRequest(request).length === 0 ? 1 : 0;
    });
    return count;
  };

  progress.line(`[ingest] warm-up: ${bodies.length} bodies (${bodies.map((body) => body.name).join(', ')})`);
  const warmUp = {
    warmUpMs: Math.max(100, options.roundMs * 2),
    targetMs: options.roundMs,
  };
  const operations = { parse, decode, validate };
  const iterations = {
    parse: calibrate(parse, warmUp),
    decode: calibrate(decode, warmUp),
    validate: calibrate(validate, warmUp),
  };
  const perBodyUs: Record<keyof typeof operations, number[]> = {
    parse: [],
    decode: [],
    validate: [],
  };
  for (let round = 0; round < options.rounds; round++) {
    // Alternating the order keeps a drift of the machine's speed from favouring either side.
    const order = (
      round % 2 === 0 ? ['parse', 'decode', 'validate'] : ['validate', 'decode', 'parse']
    ) as (keyof typeof operations)[];
    for (const name of order) {
      const { nsPerOp } = timeLoop(operations[name], iterations[name]);
      perBodyUs[name].push(nsPerOp / bodies.length / 1_000);
    }
    progress.status(`[ingest] round ${round + 1}/${options.rounds}`);
  }
  progress.line(`[ingest] ${options.rounds} rounds done`);
  const figure = (name: string, values: number[]) =>
    pairedFigure({
      name,
      unit: 'µs/body',
      direction: 'lower-is-better',
      baselineName: 'JSON.parse',
      values,
      baselines: perBodyUs.parse,
    });
  notes.push(
    'decode+validate = decodeBidRequest on the raw bytes (Content-Type check, UTF-8 decode, JSON.parse, validation, Helios → OpenRTB); validate only = validation (and the Helios translation) of already-parsed bodies.',
  );
  return {
    name: 'ingest',
    title: 'ingest decode + validate',
    rounds: options.rounds,
    figures: [figure('decode+validate', perBodyUs.decode), figure('validate only', perBodyUs.validate)],
    latencies: [],
    notes,
  };
}

async function loadBodies(referenceDir: string, notes: string[]): Promise<Body[]> {
  const openrtbDir = path.join(referenceDir, 'openrtb');
  const names = (await readdir(openrtbDir)).filter((name) => /^bidrequest-.*\.json$/.test(name)).sort();
  const bodies: Body[] = [];
  for (const name of names) {
    const text = await readFile(path.join(openrtbDir, name), 'utf8');
    const body = {
      name: name.replace(/^bidrequest-|\.json$/g, ''),
      text,
      bytes: Buffer.from(text),
    };
    try {
      decodeBidRequest({ headers: HEADERS, body: body.bytes }, DEFAULTS);
      bodies.push(body);
    } catch (error) {
      // A rejected body would time the error path; it is reported instead.
      notes.push(`${name} is rejected by the validator and left out: ${(error as Error).message}`);
    }
  }
  if (bodies.length === 0) throw new Error(`no valid bidrequest-*.json in ${openrtbDir}`);
  const text = JSON.stringify(HELIOS_BODY);
  bodies.push({ name: 'helios-json', text, bytes: Buffer.from(text) });
  return bodies;
}
