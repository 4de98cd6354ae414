import { readdirSync, readFileSync } from 'node:fs';
import { fixturePath } from './fixture-path.ts';

/**
 * Where the sample bid requests are read from, in the repository's fixtures/: every OpenRTB 2.6 example
 * request (the spec's worked examples and implementation-guide samples) and the Helios JSON samples of the
 * seed.
 */
const SAMPLES = {
  openrtb: fixturePath('openrtb'),
  helios: fixturePath('helios-seed'),
} as const;

/** One sample request: its file name, which format it is, and its JSON text. */
export interface SampleRequest {
  readonly name: string;
  readonly format: 'openrtb' | 'helios';
  readonly body: string;
}

/** Every sample bid request: the OpenRTB `bidrequest-*.json` examples and the Helios `submit-*.json` ones. */
export function readSampleRequests(): SampleRequest[] {
  const read = (format: keyof typeof SAMPLES, pattern: RegExp): SampleRequest[] =>
    readdirSync(SAMPLES[format])
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => ({ name, format, body: readFileSync(`${SAMPLES[format]}/${name}`, 'utf8') }));
  return [...read('openrtb', /^bidrequest-.*\.json$/), ...read('helios', /^submit-.*\.json$/)];
}
