import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../scripts/bench/bench-options.ts';

describe('parseBenchOptions', () => {
  it('runs every benchmark with 2000 bids by default, 300 with --quick', () => {
    expect(parseBenchOptions([])).toMatchObject({
      quick: false,
      only: ['ingest', 'profile', 'pipeline'],
      bids: 2_000,
    });
    expect(parseBenchOptions(['--quick'])).toMatchObject({
      quick: true,
      bids: 300,
    });
  });

  it('keeps the canonical order whatever order --only names them in', () => {
    expect(parseBenchOptions(['--only', 'pipeline,ingest']).only).toEqual(['ingest', 'pipeline']);
    expect(parseBenchOptions(['--only=profile', '--only', 'profile']).only).toEqual(['profile']);
  });

  it('reads numbers given as one or two arguments', () => {
    expect(parseBenchOptions(['--bids', '50', '--concurrency=4', '--rounds', '2', '--no-build'])).toMatchObject({
      bids: 50,
      concurrency: 4,
      rounds: 2,
      build: false,
    });
  });

  it('names every bad argument at once, with the usage', () => {
    expect(() => parseBenchOptions(['--only', 'nope', '--bids', '0', '--fast'])).toThrow(
      /unknown benchmark "nope"[\s\S]*--bids must be a whole number[\s\S]*unknown argument "--fast"[\s\S]*Usage:/,
    );
  });

  it('rejects a stray word and a number flag given no number', () => {
    expect(() => parseBenchOptions(['extra', '--bids'])).toThrow(
      /unknown argument "extra"[\s\S]*--bids must be a whole number from 1 to 1000000 \(got nothing\)/,
    );
  });
});
