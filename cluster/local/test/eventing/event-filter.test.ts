import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../../src/eventing/event-filter.ts';
import type { EventFilter } from '../../src/routing/routing.ts';

const outcome = {
  specversion: '1.0',
  id: 'outcome:r1:i1',
  source: '/helios/auction',
  type: 'dev.helios.auction.outcome',
  outcome: 'win',
};

const cases: [string, EventFilter | null, Record<string, string>, boolean][] = [
  ['no filter passes everything', null, outcome, true],
  ['exact matches an attribute', { exact: { type: 'dev.helios.auction.outcome' } }, outcome, true],
  ['exact matches an extension', { exact: { outcome: 'win' } }, outcome, true],
  ['exact is case-sensitive', { exact: { outcome: 'WIN' } }, outcome, false],
  ['exact needs every key', { exact: { type: 'dev.helios.auction.outcome', outcome: 'loss' } }, outcome, false],
  ['exact fails on a missing attribute', { exact: { subject: 'x' } }, outcome, false],
  ['prefix matches the start', { prefix: { type: 'dev.helios.' } }, outcome, true],
  ['prefix does not match the middle', { prefix: { type: 'helios' } }, outcome, false],
  ['prefix fails on a missing attribute', { prefix: { subject: '' } }, outcome, false],
  ['suffix matches the end', { suffix: { type: '.outcome' } }, outcome, true],
  ['suffix does not match the start', { suffix: { type: 'dev' } }, outcome, false],
  [
    'all needs every nested filter',
    { all: [{ exact: { outcome: 'win' } }, { prefix: { source: '/helios' } }] },
    outcome,
    true,
  ],
  [
    'all fails when one fails',
    { all: [{ exact: { outcome: 'win' } }, { prefix: { source: '/other' } }] },
    outcome,
    false,
  ],
  ['any needs one nested filter', { any: [{ exact: { outcome: 'loss' } }, { suffix: { id: ':i1' } }] }, outcome, true],
  ['any fails when none holds', { any: [{ exact: { outcome: 'loss' } }, { suffix: { id: ':i2' } }] }, outcome, false],
  ['not inverts', { not: { exact: { outcome: 'loss' } } }, outcome, true],
  ['not of a match fails', { not: { exact: { outcome: 'win' } } }, outcome, false],
  [
    'nesting combines',
    { all: [{ not: { any: [{ exact: { outcome: 'loss' } }] } }, { exact: { type: 'dev.helios.auction.outcome' } }] },
    outcome,
    true,
  ],
];

describe('matchesFilter', () => {
  it.each(cases)('%s', (_name, filter, attributes, expected) => {
    expect(matchesFilter(filter, attributes)).toBe(expected);
  });
});
