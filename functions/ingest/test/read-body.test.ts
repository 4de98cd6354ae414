import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '@helios/core';
import { readBody } from '../src/read-body.ts';

describe('readBody', () => {
  it('reads a body of exactly the limit whole, however it is chunked', async () => {
    const body = await readBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4);
    expect(body.toString()).toBe('abcd');
  });

  it('refuses with 413 as soon as the chunks pass the limit', async () => {
    const stream = Readable.from([Buffer.from('ab'), Buffer.from('cde'), Buffer.from('never read')]);
    await expect(readBody(stream, 4)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
