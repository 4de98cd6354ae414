import { describe, expect, it } from 'vitest';
import { normalizeHeliosRequest, validateHeliosRequest } from '../src/helios-json.ts';
import { validateBidRequest } from '../src/validate-bid-request.ts';
import { reference } from './fixtures/invalid-requests.ts';

const defaults = { floorCpm: 0.25, tmaxMs: 150 };

describe('normalizeHeliosRequest', () => {
  it('rewrites the seed request as an OpenRTB 2.6 BidRequest, field by field', () => {
    expect(normalizeHeliosRequest(reference('helios-seed/submit-enriched-bid.json'), defaults)).toEqual({
      id: 'demo-request-enriched',
      imp: [
        {
          id: 'slot-1',
          tagid: 'slot-1',
          banner: { w: 300, h: 250, format: [{ w: 300, h: 250 }] },
          bidfloor: 0.35,
          bidfloorcur: 'USD',
        },
      ],
      site: { domain: 'news.example.com', page: 'https://news.example.com/home' },
      device: { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', ip: '192.0.2.10' },
      user: { id: 'user-001' },
      tmax: 150,
      cur: ['USD'],
    });
  });

  it.each(['submit-enriched-bid.json', 'submit-fallback-bid.json', 'submit-bid-missing-user.json'])(
    'turns the seed sample %s into a request OpenRTB validation accepts',
    (name) => {
      expect(validateBidRequest(normalizeHeliosRequest(reference(`helios-seed/${name}`), defaults))).toEqual([]);
    },
  );

  it('leaves user out for an anonymous request, whether user_id is absent or null', () => {
    expect(
      normalizeHeliosRequest(reference('helios-seed/submit-bid-missing-user.json'), defaults).user,
    ).toBeUndefined();
    expect(normalizeHeliosRequest({ request_id: 'r', user_id: null }, defaults).user).toBeUndefined();
  });

  it('assumes one 300x250 banner imp "1" at the default floor when ad_slots is absent', () => {
    const request = normalizeHeliosRequest({ request_id: 'r' }, defaults);
    expect(request.imp).toEqual([
      {
        id: '1',
        tagid: '1',
        banner: { w: 300, h: 250, format: [{ w: 300, h: 250 }] },
        bidfloor: 0.25,
        bidfloorcur: 'USD',
      },
    ]);
    expect(request.tmax).toBe(150);
  });

  it('gives a slot without min_bid the default floor, and keeps every format in order', () => {
    const request = normalizeHeliosRequest(
      { request_id: 'r', ad_slots: [{ id: 's', format: ['728x90', '970x250'] }] },
      defaults,
    );
    expect(request.imp[0]).toMatchObject({
      bidfloor: 0.25,
      banner: {
        w: 728,
        h: 90,
        format: [
          { w: 728, h: 90 },
          { w: 970, h: 250 },
        ],
      },
    });
  });

  it('puts an IPv6 address in device.ipv6, as OpenRTB 2.6 §3.2.18 does', () => {
    const request = normalizeHeliosRequest({ request_id: 'r', device: { ip: '2001:db8::1' } }, defaults);
    expect(request.device).toEqual({ ipv6: '2001:db8::1' });
  });

  it('throws a 400 naming the first problem, with every problem in details', () => {
    const input = {
      request_id: 'r',
      ad_slots: [
        { id: 'a', min_bid: -1 },
        { id: 'a', format: ['big'] },
      ],
    };
    expect(() => normalizeHeliosRequest(input, defaults)).toThrow(
      'request.ad_slots[0].min_bid must be a non-negative number',
    );
    expect(validateHeliosRequest(input).map(({ field }) => field)).toEqual([
      'request.ad_slots[0].min_bid',
      'request.ad_slots[1].id',
      'request.ad_slots[1].format[0]',
    ]);
  });
});
