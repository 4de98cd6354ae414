import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BidRequest } from '@helios/core';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/openrtb');

/** Every OpenRTB 2.6 example BidRequest of fixtures/openrtb (bidrequest-*.json), by file name. */
export function openRtbExamples(): { name: string; request: BidRequest }[] {
  return readdirSync(DIR)
    .filter((file) => file.startsWith('bidrequest-') && file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file, request: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as BidRequest }));
}
