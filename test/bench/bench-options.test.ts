import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../scripts/bench/bench-options.ts';

describe('parseBenchOptions', () => {
  it('runs every benchmark at 100, 500 and 1000 bids/s for 4 s a rate by default, 2 s with --quick', () => {
    expect(parseBenchOptions([])).toMatchObject({
      quick: false,
      only: ['ingest', 'profile', 'pipeline', 'pipeline-services'],
      rates: [100, 500, 1_000],
      stepSeconds: 4,
    });
    expect(parseBenchOptions(['--quick'])).toMatchObject({ quick: true, stepSeconds: 2 });
  });

  it('keeps the canonical order whatever order --only names them in', () => {
    expect(parseBenchOptions(['--only', 'pipeline,ingest']).only).toEqual(['ingest', 'pipeline']);
    expect(parseBenchOptions(['--only=profile', '--only', 'profile']).only).toEqual(['profile']);
    expect(parseBenchOptions(['--only', 'pipeline-services']).only).toEqual(['pipeline-services']);
  });

  it('reads numbers given as one or two arguments', () => {
    expect(parseBenchOptions(['--rates', '50,200', '--step-seconds=3', '--no-build'])).toMatchObject({
      rates: [50, 200],
      stepSeconds: 3,
      build: false,
    });
  });

  it('names every bad argument at once, with the usage', () => {
    expect(() => parseBenchOptions(['--only', 'nope', '--rates', '0,x', '--step-seconds', '0', '--fast'])).toThrow(
      /unknown benchmark "nope"[\s\S]*--rates must be[\s\S]*--step-seconds must be[\s\S]*unknown argument "--fast"[\s\S]*Usage:/,
    );
    expect(() => parseBenchOptions(['--rates', '0,x'])).toThrow(/--rates must be whole numbers/);
  });

  it('rejects a stray word and a number flag given no number', () => {
    expect(() => parseBenchOptions(['extra', '--step-seconds'])).toThrow(
      /unknown argument "extra"[\s\S]*--step-seconds must be a whole number from 1 to 600 \(got nothing\)/,
    );
  });
});
